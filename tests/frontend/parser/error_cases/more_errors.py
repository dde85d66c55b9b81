#### more_00_x_y_for_x_y_in_z
[x, y for x, y in z]
#### more_01_x_y_for_x_in_z
(x, y for x in z)
#### more_02_x_y_for_x_in_z
{x, y for x in z}
#### more_03_a_for_a_in_b
[*a for a in b]
#### more_04_a_for_a_in_b
{**a for a in b}
#### more_05_f_a_1_a_2
f(a=1, a=2)
#### more_06_f_a
f(a=)
#### more_07_f_a_b_1
f(a=, b=1)
#### more_08_def_f_a_pass
def f(a, /): pass
#### more_09_def_f_pass
def f(/): pass
#### more_10_x_1_2
x = [1, 2
#### more_11_for_x_in_range_10
for x in range(10)
    pass
#### more_12_while_true
while True
    pass
#### more_13_with_open_x_as_f
with open(x) as f
    pass
#### more_14_except_exception
except Exception:
    pass
#### more_15_def_f
def f():
    x = 1
   y = 2
#### more_16_class_a_metaclass_m_x_for_x_in_y_pass
class A(metaclass=M, x for x in y): pass
#### more_17_a_1_if_b_else
a = 1 if b else
#### more_18_x_lambda_x_yield
x = lambda x: yield
#### more_19_import_a_as_b_c
import a as b.c
#### more_20_from_a_import_b_as_c_d
from a import b as c.d
#### more_21_f_a_b
f(**a, b)
#### more_22_del_a_b
del a + b
#### more_23_del_a_b_c
del (a, b + c)
#### more_24_a_b_1
a, b += 1
#### more_25_x_1_for_x_in_y_2
x = (1 for x in y) = 2
#### more_26_f_1
f() += 1
#### more_27_async_with_a_pass
async with a: pass
#### more_28_x_int_1
x: int, = 1
#### more_29_print_sys_stderr_x
print >> sys.stderr, "x"
#### more_30_x_a_b_c
x = {a: b, c}
#### more_31_x_a_b
x = {a: *b}
#### more_32_x_a
x = {a:}
#### more_33_f_x_for_x_in_y_for
f(x for x in y for)
#### more_34_a_1_2_3_4
a[1:2:3:4]
#### more_35_def_f_t_pass
def f[T](): pass
#### more_36_x_1
x = 1 +
2
#### more_37_a_b_c
(a, b) = *c
#### more_38_a_1
*a = 1
#### more_39_x_a_b
x = *a, *b
#### more_40_global_x
global x, 
#### more_41_nonlocal
nonlocal
#### more_42_assert
assert
#### more_43_raise_from_x
raise from x
#### more_44_return_a
return *a
#### more_45_import
import
#### more_46_from_import
from . import
#### more_47_lambda_1
lambda *: 1
#### more_48_lambda_k_a_1
lambda **k, a: 1
#### more_49_try
try:
    pass
except* A:
    pass
except* B, C:
    pass
