# Prints each argument and each PARAM_ variable between markers, so a test can see exactly what arrived.
for a in "$@"; do printf 'ARG<%s>\n' "$a"; done
printf 'ENV<%s>\n' "$PARAM_VALUE"
