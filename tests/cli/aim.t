#!/bin/sh
# The files order-cancel makes beside the ledger cannot be aimed: FILE.lock
# and FILE.journal are never followed when they are symbolic links, must
# be regular files, and show no more than the ledger does (its mode bits,
# as root its owner).  A ledger with several hard links is not split.
. "$top_srcdir/tests/lib.sh"

AT='--at 2025-06-15T00:00:00Z'
cp "$EX/orders.csv" pristine.csv
A=214017707302843
fresh() { rm -f orders.csv*; cp pristine.csv orders.csv; }
here=$(pwd -P)

# symbolic links and other files where the lock goes
fresh
echo 'not to be touched' >target
ln -s target orders.csv.lock
check "a lock file that is a symbolic link: refused, nothing changed" \
    "order-cancel -f orders.csv $AT --yes $A" 2 \
    "order-cancel: orders.csv: $here/orders.csv.lock is a symbolic link, not a regular file; nothing changed"
same "... the file as it was" orders.csv pristine.csv
is "... and what the link names untouched" "$(cat target)" "not to be touched"
rm orders.csv.lock
ln -s nowhere orders.csv.lock
check "a dangling symbolic link: refused, nothing made through it" \
    "order-cancel -f orders.csv $AT --yes $A" 2 \
    "order-cancel: orders.csv: $here/orders.csv.lock is a symbolic link, not a regular file; nothing changed"
is "... no file made where it points" "$(test -e nowhere && echo made || echo none)" none
fresh
mkdir orders.csv.lock
check "a lock file that is a directory: refused" \
    "order-cancel -f orders.csv $AT --yes $A" 2 \
    "order-cancel: orders.csv: $here/orders.csv.lock is a directory, not a regular file; nothing changed"
rmdir orders.csv.lock
fresh
ln -s target orders.csv.lock
run "order-cancel -f orders.csv $AT -n $A -c action -o csv"
is "a dry run reads without such a lock" "$status:$(tail -n 1 out)" 0:cancel

fresh
echo 'not to be touched' >target
ln target orders.csv.journal
check "a journal that is a hard link to another file: refused, nothing changed" \
    "order-cancel -f orders.csv $AT --yes $A" 2 \
    "order-cancel: orders.csv: $here/orders.csv.journal has 2 hard links: it is not written through one of them; nothing changed"
same "... the file as it was" orders.csv pristine.csv
is "... and the other file untouched" "$(cat target)" "not to be touched"
rm orders.csv.journal target

# modes and owners
fresh
chmod 0600 orders.csv
run "umask 022; order-cancel -f orders.csv $AT --yes $A -o csv"
is "a 0600 ledger gets a 0600 lock file and journal" \
    "$status:$(ls -l orders.csv.lock orders.csv.journal | cut -c1-10 | tr '\n' ' ')" \
    "0:-rw------- -rw------- "
fresh
chmod 0660 orders.csv
run "umask 077; order-cancel -f orders.csv $AT --yes $A -o csv"
is "a 0660 ledger gets a 0660 lock file and journal, whatever the umask" \
    "$status:$(ls -l orders.csv.lock orders.csv.journal | cut -c1-10 | tr '\n' ' ')" \
    "0:-rw-rw---- -rw-rw---- "
if [ "$(id -u)" = 0 ]; then
	fresh
	chown 65534:65534 orders.csv
	run "order-cancel -f orders.csv $AT --yes $A -o csv"
	is "as root, the lock file and journal are the ledger's owner's" \
	    "$status:$(ls -ln orders.csv.lock orders.csv.journal | awk '{ printf "%s:%s ", $3, $4 }')" \
	    "0:65534:65534 65534:65534 "
else
	skip "as root, the lock file and journal are the ledger's owner's" "not root"
fi

# hard links
fresh
ln orders.csv other-name.csv
check "a ledger with two hard links: refused, not split" \
    "order-cancel -f orders.csv $AT --yes $A" 2 \
    "order-cancel: orders.csv: the file has 2 hard links, which replacing it would split (the other names would keep the old orders): give it one name; nothing changed"
same "... nothing changed" orders.csv pristine.csv
run "order-cancel -f orders.csv $AT -n $A -c action -o csv"
is "... a dry run shows the plan all the same" "$status:$(tail -n 1 out)" 0:cancel
rm other-name.csv

done_testing
