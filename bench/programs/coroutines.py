# Coroutines driven by send(): a pipeline of generator coroutines, a tokenizer that receives
# characters, a filter that receives words, and a counter that receives accepted words, each
# primed with next() and fed with send(). A final throw()/close() collects the totals.
# Measures generator send/resume and small-string handling.
# Self-check: word counts and checksum against a direct computation on the same text.
import harness

META = {
    "name": "coroutines",
    "description": "pipeline of generator coroutines fed with send()",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 300, "quick": 8000, "full": 100000}

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
         "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau"]


class Flush(Exception):
    """Thrown into the counter to make it report its totals."""


def counter(report):
    words = 0
    letters = 0
    checksum = 0
    try:
        while True:
            word = yield
            words += 1
            letters += len(word)
            checksum = (checksum * 31 + len(word) * 7 + ord(word[0])) % 1000000007
    except Flush:
        report.append((words, letters, checksum))
        yield


def accept_filter(target, min_length):
    while True:
        word = yield
        if len(word) >= min_length:
            target.send(word)


def tokenizer(target):
    letters = []
    while True:
        ch = yield
        if ch == " ":
            if letters:
                target.send("".join(letters))
                letters = []
        else:
            letters.append(ch)


def make_text(lines):
    parts = []
    for i in range(lines):
        # A deterministic mixture of words; every line ends with a space.
        for j in range(8):
            parts.append(WORDS[(i * 7 + j * 3 + (i * j) % 5) % len(WORDS)])
            parts.append(" ")
    return "".join(parts)


def prime(coroutine):
    next(coroutine)
    return coroutine


def run(lines):
    text = make_text(lines)
    report = []
    count = prime(counter(report))
    pipeline = prime(tokenizer(prime(accept_filter(count, 4))))
    for ch in text:
        pipeline.send(ch)
    count.throw(Flush)
    pipeline.close()
    return text, report[0]


def check(lines, result):
    text, (words, letters, checksum) = result
    accepted = [w for w in text.split() if len(w) >= 4]
    expected_sum = 0
    for w in accepted:
        expected_sum = (expected_sum * 31 + len(w) * 7 + ord(w[0])) % 1000000007
    harness.expect(words == len(accepted), "word count %d != %d" % (words, len(accepted)))
    harness.expect(letters == sum([len(w) for w in accepted]), "letter count differs")
    harness.expect(checksum == expected_sum, "checksum %d != %d" % (checksum, expected_sum))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
