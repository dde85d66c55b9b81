a = 'ANhaslo'[0]
b = (
     3)[-1]
c = not x is None
d = not classz
e = x in [1, 2, 3]
f = x in {4, 5}
for i in [6, 7]:
    pass
