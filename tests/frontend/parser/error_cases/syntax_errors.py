#### assign_literal
1 = x
#### assign_call
f() = 1
#### assign_tuple_literal
a, 1 = x
#### assign_expression
x + 1 = 2
#### assign_none
None = 1
#### assign_true
True = 1
#### assign_yield_chain
x = yield = 1
#### assign_yield_group
(yield) = 1
#### assign_in_list
[a, f()] = 1
#### assign_chain_call
x = f() = 1
#### assign_comparison
a < b = 1
#### assign_dict
{} = 1
#### assign_lambda
lambda: 1 = 1
#### augassign_tuple
(a, b) += 1
#### augassign_list
[a] += 1
#### augassign_call
f() += 1
#### annassign_tuple
x, y: int
#### annassign_list
[x]: int
#### annassign_call
f(): int
#### for_target_literal
for 1 in x: pass
#### for_target_call
for f() in x: pass
#### comprehension_target_call
[x for f() in y]
#### del_call
del f()
#### del_starred
del *a
#### del_literal
del 1
#### with_target_call
with open(x) as f(): pass
#### missing_comma_list
[a b]
#### missing_comma_call
f(a b)
#### missing_comma_dict
{1: a b}
#### juxtaposed_top_level
x = a b
#### if_assign
if x = 1: pass
#### if_attribute_assign
if x.y = 1: pass
#### while_assign
while x = 1: pass
#### kwarg_expression
f(a.b=1)
#### kwarg_true
f(True=1)
#### kwarg_none
f(None=1)
#### unpacking_after_kwunpacking
f(**a, *b)
#### positional_after_keyword
f(a=1, b)
#### positional_after_kwunpacking
print(*a, **b, c)
#### genexp_not_alone
f(x for x in y, 1)
#### genexp_second
f(1, x for x in y)
#### print_statement
print "hello"
#### print_statement_expr
print x + 1
#### exec_statement
exec "code"
#### ifexp_without_else
x = 1 if 2
#### missing_colon_if
if x
  pass
#### missing_colon_class
class A
  pass
#### missing_colon_def
def f()
  pass
#### missing_colon_while
while x
  pass
#### missing_colon_for
for x in y
  pass
#### missing_colon_else
if x:
  pass
else
  pass
#### missing_colon_try
try
  pass
#### def_bad_paren
def f(:
  pass
#### default_order_lambda
lambda x=1, y: x
#### default_order_def
def f(x=1, y): pass
#### bare_star
def f(*): pass
#### bare_star_comma_kwargs
def f(*, **k): pass
#### args_after_kwargs
def f(**k, a): pass
#### double_star_twice
def f(*a, *b): pass
#### slash_first
def f(/, a): pass
#### slash_twice
def f(a, /, b, /): pass
#### slash_after_star
def f(*a, /): pass
#### kwarg_default
def f(**k=1): pass
#### vararg_default
def f(*a=1): pass
#### import_as_missing
import a.b as
#### from_import_trailing_comma
from x import a,
#### from_import_missing_names
from x import
#### unclosed_paren
x = (1, 2
y = 3
#### unclosed_bracket_eof
x = [1,
#### unclosed_brace_earlier
x = {
y = 1
z = 2 3
#### mismatched_bracket
x = (1, 2]
#### mismatched_bracket_lines
x = (1,
 2]
#### unmatched_close
x = )
#### unmatched_close_bracket
x = 1]
#### try_without_except
try:
  pass
x = 1
#### try_without_except_eof
try:
  pass
#### except_tuple_unparenthesized
try:
  pass
except A, B:
  pass
#### except_star_bare
try:
  pass
except*:
  pass
#### except_mixed_star
try:
  pass
except A:
  pass
except* B:
  pass
#### starred_alone_in_parens
(*a)
#### double_starred_in_parens
(**a)
#### walrus_attribute
(a.b := 1)
#### walrus_subscript
(a[0] := 1)
#### walrus_top_level
x := 1
#### lambda_annotation
lambda x: int: x
#### return_outside_syntax_ok_but_bad_target
def f():
    return = 1
#### keyword_as_name
class = 1
#### keyword_as_attribute
x.class = 1
#### dollar_sign
x = $
#### question_mark
x = a ? b : c
#### backtick
x = `a`
#### empty_subscript
x = a[]
#### trailing_operator
x = 1 +
#### dangling_dot
x = a.
#### double_comma
f(a,,b)
#### import_star_in_parens
from a import (*)
#### nonlocal_no_name
nonlocal
#### global_trailing_comma
global a,
#### match_bad_pattern_target
match x:
    case 1 as 2:
        pass
#### match_wildcard_target
match x:
    case 1 as _:
        pass
#### match_positional_after_keyword
match x:
    case C(a=1, b):
        pass
#### match_imaginary_required
match x:
    case 1 + 2:
        pass
#### match_fstring_pattern
match x:
    case f"{y}":
        pass
#### match_no_cases
match x:
    pass
#### decorator_bad
@
def f(): pass
#### decorator_no_def
@a
x = 1
#### class_genexp_base
class A(x for x in y): pass
#### async_bad
async x = 1
#### await_without_expr
await
#### yield_in_assignment_target
x, yield = 1, 2
#### set_starred_star
{**a}.x = {*a, **b}
#### dict_mixed_set
{1: 2, 3}
#### elif_without_if
elif x:
    pass
#### else_without_if
else:
    pass
#### except_without_try
except:
    pass
#### finally_alone
finally:
    pass
#### def_missing_paren
def f x:
  pass
#### def_forced_colon
def f() x:
  pass
#### def_double_arrow
def f() -> -> int:
  pass
#### else_forced_colon
if x:
  pass
else x:
  pass
#### finally_forced_colon
try:
  pass
finally x:
  pass
#### try_forced_colon
try x:
  pass
#### default_missing
def f(x=):
  pass
#### parameters_parenthesized
def f(a, (b, c)): pass
#### lambda_parameters_parenthesized
lambda (a): 1
#### walrus_in_call_literal
f(1 := x)
#### annotation_illegal_target
f(): int = 1
#### annotation_incomplete
f():
#### dedent_mismatch_after_block_header
if x:
    if y:
        pass
  z = 1
#### dedent_mismatch_in_class
class A:
  x = 1
 y = 2
#### unexpected_indent_wins_over_later_string
x = 1
    y = 2
z = "abc
#### dotted_parameter
def f(a, b=1, c.d): pass
