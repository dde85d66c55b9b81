f"{a!r:>{b:{c}}}" f"{x=}" rf"\N{{y}}"
