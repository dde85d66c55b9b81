#### assign
x = 1
#### assign_chain
a = b = c = 0
#### assign_tuple
a, b = b, a
#### assign_starred
a, *b = c
#### assign_nested
(a, [b, *c]), d = e
#### assign_attribute_subscript
a.b = c[d] = e
#### assign_yield
x = yield y
#### assign_list_target
[a, b] = c
#### assign_parenthesized_name
(a) = 1
#### annassign_simple
x: int
#### annassign_value
x: int = 1
#### annassign_attribute
a.b: int = 1
#### annassign_subscript
a[0]: str
#### annassign_parenthesized
(x): int = 1
#### annassign_tuple_value
x: tuple = 1, 2
#### annassign_yield
x: int = yield
#### augassign_all
a += 1; a -= 1; a *= 1; a @= 1; a /= 1; a %= 1; a &= 1; a |= 1; a ^= 1; a <<= 1; a >>= 1; a **= 1; a //= 1
#### augassign_attribute
a.b += c
#### augassign_yield
a += yield
#### expr_stmt
f()
#### pass_break_continue
while 1:
    pass
    break
    continue
#### semicolons
a; b; c;
#### del_stmt
del a, b.c, d[e]
#### del_parenthesized
del (a, b), [c]
#### del_trailing_comma
del a,
#### return_none
def f():
    return
#### return_value
def f():
    return 1
#### return_tuple
def f():
    return 1, 2
#### return_starred
def f():
    return *a, b
#### raise_bare
raise
#### raise_exc
raise E
#### raise_from
raise E from cause
#### global_nonlocal
def f():
    global a, b
    def g():
        nonlocal c
#### assert_simple
assert x
#### assert_msg
assert x, "msg"
#### import_simple
import a
#### import_dotted_as
import a.b.c as d, e
#### from_import
from a import b
#### from_import_as
from a.b import c as d, e
#### from_import_parens
from a import (b, c as d,)
#### from_import_star
from a import *
#### from_relative
from . import a
#### from_relative_module
from .. a import b
#### from_relative_ellipsis
from ...a import b
#### from_relative_many
from .... import c
#### if_simple
if a:
    b
#### if_else
if a:
    b
else:
    c
#### if_elif_else
if a:
    b
elif c:
    d
elif e:
    f
else:
    g
#### if_oneline
if a: b; c
#### if_walrus
if (n := len(a)) > 10:
    pass
#### if_walrus_bare
if n := 10:
    pass
#### while_else
while a:
    b
else:
    c
#### for_simple
for x in y:
    pass
#### for_tuple_target
for a, b in c:
    pass
#### for_starred_target
for a, *b in c:
    pass
#### for_else
for x in y:
    pass
else:
    pass
#### for_iter_tuple
for x in 1, 2:
    pass
#### for_iter_starred
for x in *a, b:
    pass
#### for_attribute_target
for a.b in c:
    pass
#### for_subscript_target
for a[0] in c:
    pass
#### for_parenthesized_target
for (a, b) in c:
    pass
#### async_for
async def f():
    async for x in y:
        pass
#### with_simple
with a:
    pass
#### with_as
with a as b:
    pass
#### with_many
with a as b, c as d, e:
    pass
#### with_parenthesized_items
with (a as b, c as d):
    pass
#### with_parenthesized_trailing_comma
with (a, b,):
    pass
#### with_parenthesized_expression
with (a):
    pass
#### with_tuple_target
with a as (b, c):
    pass
#### with_parenthesized_call
with (open(x)) as f:
    pass
#### with_attribute_target
with a as b.c:
    pass
#### async_with
async def f():
    async with a as b:
        pass
#### try_except
try:
    pass
except:
    pass
#### try_except_as
try:
    pass
except E as e:
    pass
#### try_except_tuple
try:
    pass
except (A, B) as e:
    pass
#### try_full
try:
    a
except A:
    b
except B:
    c
else:
    d
finally:
    e
#### try_finally
try:
    pass
finally:
    pass
#### try_star
try:
    pass
except* A:
    pass
except* (B, C) as e:
    pass
#### try_star_else_finally
try:
    pass
except* A:
    pass
else:
    pass
finally:
    pass
#### def_simple
def f():
    pass
#### def_args
def f(a, b=1, *args, c, d=2, **kwargs):
    pass
#### def_posonly
def f(a, b, /, c, *, d):
    pass
#### def_posonly_defaults
def f(a=1, /, b=2):
    pass
#### def_kwonly_defaults
def f(*, a, b=1, c):
    pass
#### def_annotations
def f(a: int, b: str = 'x', *args: tuple, c: int, **kw: dict) -> None:
    pass
#### def_star_annotation
def f(*args: *Ts):
    pass
#### def_trailing_comma
def f(a, b,):
    pass
#### def_decorated
@a
@b.c(d)
@e[f]
def g():
    pass
#### def_decorator_walrus
@(x := y)
def f():
    pass
#### async_def
async def f():
    await x
#### async_def_decorated
@d
async def f():
    pass
#### def_docstring
def f():
    """doc"""
    return 1
#### def_nested
def f():
    def g():
        return 1
    return g
#### def_oneline
def f(): return 1
#### def_yield_from
def f():
    yield from g()
#### class_simple
class A:
    pass
#### class_empty_parens
class A():
    pass
#### class_bases
class A(B, C):
    pass
#### class_keywords
class A(B, metaclass=M, **kw):
    pass
#### class_starred_base
class A(*bases):
    pass
#### class_decorated
@dataclass
class A:
    x: int = 0
#### class_nested_methods
class A:
    def f(self):
        return self
    @property
    def g(self):
        pass
#### lambda_in_default
def f(a=lambda: 0):
    pass
#### comment_lines
# comment
x = 1  # trailing
# another
#### blank_lines
x = 1


y = 2
#### backslash_continuation
x = 1 + \
    2
#### implicit_joining
x = (1 +
     2)
#### implicit_joining_brackets
x = [
    1,
    2,
]
#### dedent_many
if a:
    if b:
        if c:
            pass
x = 1
#### tabs_indent
if a:
	pass
#### formfeed
x = 1
y = 2
#### crlf_lines
x = 1
y = 2
#### no_trailing_newline
x = 1
#### comment_in_block
if a:
    # comment
    pass
    # another

    pass
#### deep_indent_comment_dedent
if a:
    pass
        # odd comment
x = 1
#### print_call
print("hello", end="")
#### exec_call
exec("code")
#### type_comment_ignored
x = 1  # type: int
#### soft_keyword_match_name
match = 1
#### soft_keyword_match_call
match(x)
#### soft_keyword_match_subscript_ann
match[x]: int = 1
#### soft_keyword_match_attribute
match.x = 1
#### soft_keyword_case_name
case = 1
#### soft_keyword_underscore
_ = 1
#### soft_keyword_match_expression
print(match, case)
#### global_at_module
global x
#### star_expr_stmt
*a, b = c
#### await_stmt
async def f():
    await a
#### yield_stmt
def f():
    yield
    yield 1
    yield 1, 2
    x = yield
#### return_yield
def f():
    return (yield)
#### decorator_call_chain
@a.b.c(1)(2)
def f():
    pass
#### ifexp_statement_level
x = a if b else c
#### chained_subscript_assign
a[b][c] = d
#### dict_comp_assign
d = {k: v for k, v in x.items() if v}
#### set_comp_nested
s = {(a, b) for a in x for b in y}
#### lambda_default_star
f = lambda *args, **kw: (args, kw)
#### starred_call_assign
a = f(*b, **c)
#### semicolon_after_compound_body
if a: pass; b
