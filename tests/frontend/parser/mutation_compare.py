#!/usr/bin/env python3
"""Development tool (not a test): how often pylang's syntax errors equal CPython 3.11's.

  mutation_compare.py FRONTEND_CHECK [SEED [COUNT [EXAMPLES]]]

Takes 30-line windows of standard-library files, mutates one token (delete, duplicate, or insert
a plausible token) and compares (type, message, line, offset) from frontend_check with
ast.parse() on the same text. Prints the agreement and the most frequent differences, so new
CPython invalid_* rules can be added where they matter.
"""
import ast, io, os, random, subprocess, sys, sysconfig, tokenize, collections, warnings, tempfile
warnings.simplefilter('ignore')
CHECKER = sys.argv[1]
del sys.argv[1]
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
root = sysconfig.get_paths()['stdlib']
files = []
for d, ds, ns in os.walk(root):
    ds[:] = [x for x in ds if x not in ('site-packages', 'test', 'lib2to3', 'idlelib')]
    files += [os.path.join(d, n) for n in ns if n.endswith('.py')]
files.sort()
cases = []
while len(cases) < N:
    path = random.choice(files)
    src = open(path, encoding='utf-8', errors='replace').read()
    lines = src.split('\n')
    if len(lines) < 5: continue
    # take a window of lines
    start = random.randrange(0, max(1, len(lines) - 30))
    snippet = '\n'.join(lines[start:start + 30]) + '\n'
    try:
        toks = [t for t in tokenize.generate_tokens(io.StringIO(snippet).readline) if t.type not in (tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER)]
    except Exception:
        continue
    if len(toks) < 3: continue
    t = random.choice(toks)
    (l1, c1), (l2, c2) = t.start, t.end
    sl = snippet.split('\n')
    op = random.choice(['delete', 'dup', 'insert'])
    def offs(l, c): return sum(len(x) + 1 for x in sl[:l-1]) + c
    a, b = offs(l1, c1), offs(l2, c2)
    if op == 'delete': mutated = snippet[:a] + snippet[b:]
    elif op == 'dup': mutated = snippet[:b] + ' ' + snippet[a:b] + snippet[b:]
    else:
        ins = random.choice(['(', ')', ':', ',', '=', 'if', 'else', 'def', '[', ']', '{', '}', '"', "'", 'lambda', '*', '**', 'import', 'in', 'not', '.', '@', 'yield', 'return', '\\', 'f"{', 'async', 'await', ':='])
        mutated = snippet[:a] + ins + ' ' + snippet[a:]
    if not mutated.endswith('\n'): mutated += '\n'
    cases.append(mutated)
def cp(src):
    try:
        ast.parse(src, '<case>')
        return 'OK'
    except SyntaxError as e:
        return 'ERR %s|%s|%s|%s' % (type(e).__name__, e.msg, e.lineno, e.offset)
    except Exception as e:
        return 'EXC %s' % type(e).__name__
with tempfile.NamedTemporaryFile('w', suffix='.py', delete=False, encoding='utf-8') as f:
    for i, c in enumerate(cases):
        f.write('#### c%d\n%s' % (i, c))
    name = f.name
out = subprocess.run([CHECKER, 'dump', name], capture_output=True, text=True).stdout
os.unlink(name)
got = dict(l.split('\t', 1) for l in out.split('\n') if '\t' in l)
agree = 0; kinds = collections.Counter(); examples = {}
for i, c in enumerate(cases):
    e = cp(c); g = got.get('c%d' % i, '?')
    if g.startswith('Module'): g = 'OK'
    if e == g: agree += 1
    else:
        key = (e.split('|')[1] if '|' in e else e[:40], g.split('|')[1] if '|' in g else g[:40])
        same_msg = e.split('|')[:2] == g.split('|')[:2]
        kinds['posonly' if same_msg else key] += 1
        if key not in examples: examples[key] = (c, e, g)
print('agree %d / %d = %.1f%%' % (agree, len(cases), 100.0 * agree / len(cases)))
for k, n in kinds.most_common(25):
    print(n, k)
if len(sys.argv) > 3:
    for k, (c, e, g) in list(examples.items())[:int(sys.argv[3])]:
        print('-----', k, '\n', c[:600], '\n cpython:', e, '\n pylang: ', g)
