#### name
x
#### attribute_chain
a.b.c
#### call_empty
f()
#### call_positional
f(1, 2)
#### call_keywords
f(a, b=1, *c, d=2, **e)
#### call_star_after_keyword
f(a=1, *b)
#### call_double_star_first
f(**k, a=1)
#### call_genexp
f(x for x in y)
#### call_trailing_comma
f(a, b,)
#### call_walrus_arg
f(y := 1)
#### subscript_index
a[0]
#### subscript_slice
a[1:2]
#### subscript_slice_step
a[1:2:3]
#### subscript_slice_empty
a[:]
#### subscript_slice_step_only
a[::2]
#### subscript_tuple
a[1, 2]
#### subscript_mixed
a[1:2, ::3, x]
#### subscript_trailing_comma
a[1,]
#### subscript_starred
a[*b]
#### subscript_starred_many
a[*b, c]
#### subscript_walrus
a[x := 1]
#### binop_precedence
1 + 2 * 3 - 4 / 5 // 6 % 7 @ m
#### binop_left_assoc
a - b - c
#### power_right_assoc
a ** b ** c
#### power_unary
-a ** -b
#### shifts
a << b >> c
#### bitwise
a | b ^ c & d
#### unary_ops
-a; +b; ~c; not d
#### not_not
not not x
#### boolops
a and b or c and d
#### boolop_flat
a or b or c
#### compare_chain
a < b <= c == d != e > f >= g
#### compare_in_is
a in b not in c is d is not e
#### ifexp
a if b else c
#### ifexp_nested
a if b else c if d else e
#### lambda_simple
lambda: 0
#### lambda_args
lambda a, b=1, *c, d, e=2, **f: a
#### lambda_posonly
lambda a, /, b: a
#### lambda_kwonly
lambda *, a: a
#### lambda_nested
lambda x: lambda y: x + y
#### await_expr
await x
#### await_call
await f(x)
#### walrus_parenthesized
(y := f(x))
#### tuple_bare
1, 2
#### tuple_trailing
1,
#### tuple_parenthesized
(1, 2)
#### tuple_empty
()
#### group
(a)
#### group_nested
((a + b) * c)
#### list_display
[1, 2, 3]
#### list_empty
[]
#### list_starred
[*a, *b, c]
#### set_display
{1, 2}
#### set_starred
{*a, b}
#### dict_display
{1: 2, 'a': b}
#### dict_empty
{}
#### dict_unpack
{**a, 'b': 1, **c}
#### dict_walrus_key
{(k := 1): 2}
#### listcomp
[x for x in y]
#### listcomp_if
[x for x in y if x if z]
#### listcomp_nested
[x * y for x in a for y in b if x != y]
#### listcomp_tuple_target
[a for a, b in c]
#### setcomp
{x for x in y}
#### dictcomp
{k: v for k, v in items}
#### genexp
(x for x in y)
#### async_comprehension
[x async for x in y]
#### comprehension_walrus
[y := f(x) for x in z]
#### comprehension_ifexp
[a if b else c for a in d]
#### starred_target_comp
[x for *x, in y]
#### yield_parenthesized
(yield)
#### ellipsis
...
#### none_true_false
None, True, False
#### call_chain
a.b(c)[d].e(f)(g)
#### await_attribute
await a.b
#### conditional_lambda
lambda: a if b else c
#### keyword_lambda_arg
f(key=lambda x: x)
#### comparison_not_in_precedence
not a in b
#### unary_minus_attribute
-a.b
#### power_await
await a ** 2
#### matmul_assign_expr
a @ b @ c
#### floor_mod
a // b % c
#### bitwise_not_precedence
~a + b
#### call_with_genexp_and_parens
f((x for x in y), z)
#### nested_subscript
a[b[c]]
#### slice_with_exprs
a[b + 1:c * 2]
#### dict_nested
{'a': {'b': [1, (2,)]}}
#### set_of_tuples
{(1, 2), (3,)}
