# The speed center's implementation, driven by the bench/speedcenter command.
# Modules: programs (suite discovery), stats (medians, spread, steady state), db (SQLite
# results), runner (builds variants, runs processes), report (terminal table and HTML page).
