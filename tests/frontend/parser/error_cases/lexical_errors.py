#### unterminated_string
x = "abc
#### unterminated_string_single
x = 'abc
#### unterminated_triple
x = """abc

#### unterminated_triple_later_lines
x = 1
y = '''abc
def
#### unterminated_string_after_error
x = 1 2
y = "abc
#### invalid_decimal
x = 1_000a
#### invalid_decimal_double_underscore
x = 1__0
#### invalid_decimal_trailing_underscore
x = 1_
#### invalid_hex
x = 0xg
#### invalid_hex_trailing
x = 0x1g
#### invalid_octal_digit
x = 0o78
#### invalid_octal
x = 0oa
#### invalid_binary_digit
x = 0b102
#### invalid_binary
x = 0bx
#### leading_zeros
x = 0777
#### leading_zeros_underscore
x = 0_7
#### invalid_exponent
x = 1e+
#### invalid_exponent_name
x = 1ex
#### invalid_imaginary
x = 1jx
#### invalid_float_name
x = 1.5abc
#### unexpected_indent
x = 1
    y = 2
#### unexpected_indent_first_line
  x = 1
#### unindent_mismatch
if x:
    y
  z
#### tab_error
if x:
	y
        z
#### expected_indented_block_if
if x:
pass
#### expected_indented_block_def
def f():
x = 1
#### expected_indented_block_class
class A:
pass
#### expected_indented_block_for
for x in y:
pass
#### expected_indented_block_while
while x:
pass
#### expected_indented_block_with
with a:
pass
#### expected_indented_block_try
try:
pass
#### expected_indented_block_except
try:
    pass
except:
pass
#### expected_indented_block_finally
try:
    pass
finally:
pass
#### expected_indented_block_else
if x:
    pass
else:
pass
#### expected_indented_block_elif
if x:
    pass
elif y:
pass
#### expected_indented_block_match
match x:
case 1:
    pass
#### expected_indented_block_case
match x:
    case 1:
    pass
#### expected_indented_block_eof
if x:
#### line_continuation_char
x = 1 \ 2
#### line_continuation_eof
x = 1 + \
#### nonprintable_char
x = 5 
#### invalid_character
x = a€b
#### invalid_character_alone
x = €
#### too_many_parens
x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((
#### bytes_non_ascii
x = b'é'
#### bytes_mixed
x = b'a' 'b'
#### str_bytes_mixed
x = 'a' b'b'
#### truncated_x_escape
x = "a\xz"
#### truncated_x_escape_end
x = "a\x"
#### truncated_u_escape
x = "\u12"
#### truncated_U_escape
x = "\U0001F6"
#### illegal_unicode_char
x = "\U00110000"
#### unknown_unicode_name
x = "\N{NO SUCH CHARACTER NAME}"
#### malformed_named_escape
x = "\N"
#### malformed_named_escape_unclosed
x = "\N{ABC"
#### bytes_bad_x_escape
x = b"\x4"
#### escape_position_after_non_ascii
x = "é\x"
#### fstring_empty_expression
f"{}"
#### fstring_whitespace_expression
f"{ }"
#### fstring_expression_before_conversion
f"{!r}"
#### fstring_expression_before_colon
f"{:x}"
#### fstring_bad_conversion
f"{x!z}"
#### fstring_conversion_missing
f"{x!}"
#### fstring_unclosed
f"{x"
#### fstring_single_close
f"}"
#### fstring_backslash_in_expression
f"{'\n'}"
#### fstring_hash_in_expression
f"{x#}"
#### fstring_missing_comma
f"{a b}"
#### fstring_invalid_syntax
f"{a $ b}"
#### fstring_unmatched_paren
f"{a)}"
#### fstring_mismatched_paren
f"{a(]}"
#### fstring_unclosed_paren
f"{a(}"
#### fstring_unterminated_string_inside
f"{'a}"
#### fstring_nested_too_deep
f"{x:{y:{z}}}"
#### fstring_second_line_error
x = 1
y = f"{a b}"
#### fstring_spec_unclosed
f"{x:{y}"
#### fstring_conversion_then_text
f"{x!rr}"
