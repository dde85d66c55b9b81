d = {k: v for k, v in items}
s = {a for a in range(3)}
