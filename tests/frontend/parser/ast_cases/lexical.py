#### coding_latin1
# -*- coding: latin-1 -*-
x = 'é'
#### coding_utf8
# coding=utf-8
x = 'é'
#### coding_second_line
#!/usr/bin/env python
# vim: set fileencoding=utf-8 :
x = 1
#### coding_ascii
# coding: ascii
x = 'a'
#### bom
﻿x = 1
#### unicode_identifier
é = 1
#### unicode_identifier_cjk
変数 = 2
#### unicode_identifier_greek
λ = lambda: 0
#### keywords_as_attributes_not_allowed_but_soft_ok
x.match = x.case = x._ = 1
#### continuation_in_brackets_with_comments
x = [1,  # one
     2]  # two
#### continuation_backslash_in_brackets
x = (1 + \
     2)
#### empty_file
#### only_comment
# nothing here
#### only_blank_lines


#### indented_comment_first
    # indented comment
x = 1
#### mixed_tabs_spaces_consistent
if a:
        pass
if b:
	pass
#### backslash_then_indent
if a:
    x = 1 + \
2
    y = 3
#### number_then_keyword
x = 1if y else 2
#### number_then_keyword_or
x = 0or 1
#### number_attribute
x = 1 .real
#### float_attribute
x = 1.0.real
#### string_prefix_case_combos
x = Rb'a', bR'b', rB'c', BR'd', fR'e', Rf'f', rF'g'
#### string_triple_with_quotes_inside
x = '''a''b'c'''
#### string_adjacent_no_space
x = 'a''b'
#### string_escape_quote_triple
x = """\""""
#### nested_brackets_deep
x = [[[[[[[[[[1]]]]]]]]]]
#### long_line
x = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
#### ellipsis_in_subscript
x[..., 1]
#### dots_in_import
from . import (a)
#### operators_without_spaces
x=a+-b*~c**-d//e
#### not_equal
a != b
#### arrow_annotation_spaces
def f()->int:pass
#### walrus_no_spaces
(a:=1)
#### lambda_no_spaces
f=lambda:0
#### nonascii_in_comment
x = 1  # ☃ é 😀
#### nonascii_in_string_col
x = ('é', y)
#### semicolon_newline
x = 1;
#### dedent_to_zero_at_eof
def f():
    if a:
        return 1
#### unicode_identifier_nfkc
ﬁle = ℌ = Ω = ＡＢＣ = ｗｉｄｔｈ = µ = ᄀ각 = x.ﬁ = 1
#### unicode_identifier_combining
é = 1
#### unicode_import_nfkc
import ｍａｔｈ.ﬂoor as ｆ
