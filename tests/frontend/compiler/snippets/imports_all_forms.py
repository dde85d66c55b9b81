import a.b.c
import d.e as f
from g import h as i, j
from ..k import l
from . import m
def n():
    import o.p
    from q import r
