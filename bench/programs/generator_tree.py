# Generator-based tree traversal: build a balanced binary search tree of ints and walk it
# in-order, pre-order and post-order with recursive generators that delegate with `yield from`.
# Deep delegation chains measure how cheaply a value travels through nested generators.
# Self-check: in-order output is the sorted key sequence, and the other orders' checksums
# against values computed independently with an explicit stack.
import harness

META = {
    "name": "generator_tree",
    "description": "recursive in/pre/post-order traversal with yield from",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 2000, "quick": 20000, "full": 250000}


class Node(object):
    def __init__(self, key, left, right):
        self.key = key
        self.left = left
        self.right = right


def build(lo, hi):
    """Balanced tree holding the keys lo..hi-1."""
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return Node(mid, build(lo, mid), build(mid + 1, hi))


def in_order(node):
    if node is not None:
        yield from in_order(node.left)
        yield node.key
        yield from in_order(node.right)


def pre_order(node):
    if node is not None:
        yield node.key
        yield from pre_order(node.left)
        yield from pre_order(node.right)


def post_order(node):
    if node is not None:
        yield from post_order(node.left)
        yield from post_order(node.right)
        yield node.key


def positional_checksum(keys):
    # Order-sensitive: position times key, folded into 32 bits.
    total = 0
    position = 0
    for key in keys:
        position += 1
        total = (total + position * key) & 0xFFFFFFFF
    return total


def run(size):
    tree = build(0, size)
    inorder = list(in_order(tree))
    return (tree, inorder, positional_checksum(pre_order(tree)),
            positional_checksum(post_order(tree)))


def pre_order_by_stack(tree):
    out = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if node is not None:
            out.append(node.key)
            stack.append(node.right)
            stack.append(node.left)
    return out


def check(size, result):
    tree, inorder, pre_sum, post_sum = result
    harness.expect(inorder == list(range(size)), "in-order walk is not sorted 0..%d" % size)
    expected_pre = positional_checksum(pre_order_by_stack(tree))
    harness.expect(pre_sum == expected_pre, "pre-order checksum %d != %d" % (pre_sum, expected_pre))
    # Post-order is the reverse of a right-first pre-order.
    out = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if node is not None:
            out.append(node.key)
            stack.append(node.left)
            stack.append(node.right)
    out.reverse()
    expected_post = positional_checksum(out)
    harness.expect(post_sum == expected_post,
                   "post-order checksum %d != %d" % (post_sum, expected_post))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
