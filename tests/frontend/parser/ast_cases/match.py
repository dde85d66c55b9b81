#### match_literal
match x:
    case 1:
        pass
#### match_literals_all
match x:
    case -1:
        pass
    case 1.5:
        pass
    case 1 + 2j:
        pass
    case -1 - 2j:
        pass
    case "s":
        pass
    case b"b":
        pass
    case "a" "b":
        pass
#### match_singletons
match x:
    case None:
        pass
    case True:
        pass
    case False:
        pass
#### match_capture_wildcard
match x:
    case y:
        pass
    case _:
        pass
#### match_value
match x:
    case a.b:
        pass
    case a.b.c:
        pass
#### match_or
match x:
    case 1 | 2 | 3:
        pass
#### match_as
match x:
    case 1 | 2 as y:
        pass
    case [a, b] as c:
        pass
#### match_sequence_list
match x:
    case []:
        pass
    case [a]:
        pass
    case [a, b, *rest]:
        pass
    case [*_, last]:
        pass
#### match_sequence_tuple
match x:
    case ():
        pass
    case (a,):
        pass
    case (a, b):
        pass
    case (a, *b):
        pass
#### match_group
match x:
    case (a):
        pass
    case (1 | 2):
        pass
#### match_open_sequence
match x:
    case a, b:
        pass
    case a, *b:
        pass
    case *a, b,:
        pass
#### match_mapping
match x:
    case {}:
        pass
    case {"a": 1, "b": c}:
        pass
    case {1: _, **rest}:
        pass
    case {a.b: c}:
        pass
    case {None: x, True: y, -1: z}:
        pass
#### match_mapping_rest_only
match x:
    case {**rest}:
        pass
#### match_class
match x:
    case Point():
        pass
    case Point(1, 2):
        pass
    case Point(x=1, y=b):
        pass
    case a.B(1, y=2):
        pass
    case C(a, b, c=d,):
        pass
#### match_guard
match x:
    case [a, b] if a > b:
        pass
    case y if (z := y):
        pass
#### match_subject_tuple
match a, b:
    case 1, 2:
        pass
#### match_subject_starred
match *a, b:
    case _:
        pass
#### match_subject_call
match f(x):
    case _:
        pass
#### match_subject_walrus
match (y := x):
    case _:
        pass
#### match_nested_patterns
match x:
    case [Point(x=0, y=0), {"k": [1, *_]}, (a | b) as c]:
        pass
#### match_in_function
def f(x):
    match x:
        case _:
            return 1
#### match_body_oneline
match x:
    case 1: pass
    case 2: return_value = 2
#### match_complex_negative_imag
match x:
    case 0 - 0j:
        pass
#### match_string_concat_bytes
match x:
    case b"a" b"b":
        pass
#### match_star_wildcard
match x:
    case [1, *_]:
        pass
#### match_class_keyword_only
match x:
    case str(a):
        pass
#### match_as_wildcard
match x:
    case _ as y:
        pass
#### match_or_sequence
match x:
    case [1] | [2, 3]:
        pass
#### match_value_in_or
match x:
    case Color.RED | Color.GREEN:
        pass
#### match_after_match_name
match = 1
match x:
    case _:
        pass
