# Writes the tricky bytes: invalid UTF-8, carriage returns, ANSI colours, stderr, an unfinished line.
printf 'plain\n'
printf 'bad \377\376 bytes\n'
printf '\033[31mred\033[0m\n'
printf 'progress 10%%\rprogress 50%%\rprogress 100%%\n'
printf 'to stderr\n' >&2
printf 'a prompt> '
sleep 1
printf 'answered\n'
