# Starts a child and a grandchild that ignore SIGTERM, then waits: killing the run must still end them all.
sh -c 'trap "" TERM; sh -c "trap \"\" TERM; echo grandchild \$\$; sleep 300" & echo child $$; sleep 300' &
echo "main $$"
wait
