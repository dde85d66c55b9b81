#### int_small
42
#### int_zero
0
#### int_zeros
000
#### int_underscores
1_000_000
#### int_hex
0xFF
#### int_octal
0o777
#### int_binary
0b1010
#### int_hex_underscore
0x_dead_beef
#### int_int64_max
9223372036854775807
#### int_int64_overflow
9223372036854775808
#### int_huge
123456789012345678901234567890123456789012345678901234567890
#### int_huge_hex
0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
#### int_huge_binary
0b11111111111111111111111111111111111111111111111111111111111111111
#### int_huge_octal
0o7777777777777777777777777777777
#### float_simple
1.5
#### float_trailing_dot
1.
#### float_leading_dot
.5
#### float_exponent
1e10
#### float_neg_exponent
1.5e-10
#### float_exponent_plus
2E+5
#### float_underscore
1_0.0_1
#### float_big
1e308
#### float_overflow
1e400
#### float_tiny
1e-400
#### float_repr_boundary
1e16
#### float_repr_small
0.0001
#### float_repr_smaller
0.00001
#### float_precision
0.1 + 0.2
#### float_long
3.141592653589793238462643383279
#### float_integral_big
1234567890123456.0
#### imaginary
2j
#### imaginary_float
1.5j
#### imaginary_exp
1e16j
#### imaginary_big
1e400j
#### imaginary_zero
0j
#### imaginary_upper
3J
#### complex_sum
1 + 2j
#### str_single
'abc'
#### str_double
"abc"
#### str_empty
''
#### str_with_quote
"it's"
#### str_both_quotes
'say "hi" it\'s'
#### str_escapes
'\n\t\r\\\'\"\a\b\f\v'
#### str_octal
'\0\12\101\777'
#### str_hex
'\x41\x7f\xff'
#### str_unicode_escapes
'\u00e9\U0001F600\u2028'
#### str_surrogate
'\ud800'
#### str_named
'\N{LATIN SMALL LETTER E WITH ACUTE}\N{EM DASH}\N{bullet}'
#### str_named_cjk
'\N{CJK UNIFIED IDEOGRAPH-4E00}'
#### str_named_hangul
'\N{HANGUL SYLLABLE GAG}'
#### str_unknown_escape
'\d\q'
#### str_line_continuation
'abc\
def'
#### str_triple
'''line1
line2'''
#### str_triple_double
"""a "quoted" word"""
#### str_triple_escaped_newline
"""a\
b"""
#### str_raw
r'\n\d'
#### str_raw_upper
R"\t"
#### str_raw_quote
r'\''
#### str_unicode_prefix
u'abc'
#### str_unicode_prefix_concat
u'a' 'b'
#### str_concat_unicode_second
'a' u'b'
#### str_concat
'a' "b" '''c'''
#### str_concat_lines
('a'
 'b')
#### str_non_ascii
'héllo wörld ☃ 😀'
#### str_nonprintable
'\x00\x1f\x7f\x80\xa0\xad\u200b\u2028\ufeff'
#### str_private_use
'\ue000\U000F0000'
#### str_combining
'e\u0301'
#### bytes_simple
b'abc'
#### bytes_escapes
b'\x00\xff\n\\\''
#### bytes_octal_wrap
b'\777'
#### bytes_raw
rb'\x00'
#### bytes_raw_br
Br'\n'
#### bytes_concat
b'a' b'b'
#### bytes_high
b'\x80\xfe'
#### bytes_quote
b"'"
#### bytes_unicode_escape_literal
b'\u00e9'
#### fstring_simple
f'{x}'
#### fstring_text
f'a{x}b'
#### fstring_empty
f''
#### fstring_only_text
f'abc'
#### fstring_conversion
f'{x!r}{y!s}{z!a}'
#### fstring_format_spec
f'{x:>10}'
#### fstring_nested_spec
f'{x:{width}.{precision}}'
#### fstring_empty_spec
f'{x:}'
#### fstring_self_documenting
f'{x=}'
#### fstring_self_documenting_spec
f'{x=:>5}'
#### fstring_self_documenting_conversion
f'{x=!s}'
#### fstring_self_documenting_space
f'{x = }'
#### fstring_doubled_braces
f'{{}} {{x}}'
#### fstring_expression
f'{a + b * c}'
#### fstring_call
f'{f(a, b)}'
#### fstring_dict
f'{ {"a": 1}["a"] }'
#### fstring_string_inside
f'{"x"}'
#### fstring_triple_nested_quotes
f'''{"a" + 'b'}'''
#### fstring_raw
rf'\n{x}'
#### fstring_raw_upper
FR'{x}\d'
#### fstring_escape
f'\n{x}\t'
#### fstring_concat
'a' f'{b}' 'c'
#### fstring_concat_fstrings
f'{a}' f'{b}'
#### fstring_unicode_first
u'x' f'{y}'
#### fstring_not_equal
f'{a!=b}'
#### fstring_compare
f'{a<b}{a>b}{a<=b}{a==b}'
#### fstring_lambda
f'{(lambda: 1)()}'
#### fstring_ternary
f'{a if b else c}'
#### fstring_walrus
f'{(x:=10)}'
#### fstring_spec_with_conversion
f'{x!r:^20}'
#### fstring_multiline
f'''{
x
}'''
#### fstring_spec_literal_braces
f'{x:{{}}>10}'
#### fstring_named_escape
f'\N{BULLET} {x}'
#### fstring_tuple
f'{a, b}'
#### fstring_starred
f'{*a,}'
#### fstring_yield
f'{(yield)}'
#### fstring_nested_fstring
f'{f"{x}"}'
#### fstring_attribute
f'{a.b[c]}'
#### constant_kind_fstring_part
u'a' f'b{c}'
#### int_huge_hex_3000_digits
0x9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f
