#!/bin/sh
# The completion scripts of completion/: their lists of fields are the
# library's (tests/tty/fieldnames prints those), each loads in its shell,
# and completes options, formats, fields and policies.  zsh is typed at
# on a pseudo-terminal (tests/tty/ztype.zsh); without zsh its cases skip.
. "$top_srcdir/tests/lib.sh"

BASH_SCRIPT=$top_srcdir/completion/ecs-orders.bash
ZSH_DIR=$top_srcdir/completion
FN=$top_builddir/tests/tty/fieldnames
cp "$EX/orders.csv" "$EX/instances.json" .

# --- the lists ---
for kind in instance order quote quote-row schedule best receipt import; do
	var=$(echo "$kind" | tr - _)
	"$FN" "$kind" | sort >want
	bash -c ". '$BASH_SCRIPT' && printf '%s\n' \$_ecs_orders_$var" |
	    sort >got
	same "bash: the $kind fields are the library's" got want
	if command -v zsh >/dev/null 2>&1; then
		zsh -fc "eval \"\$(sed -n '/^_ecs_$var=(/,/)\$/p' \
		    '$ZSH_DIR/_ecs-orders')\"; print -l \$_ecs_$var" | sort >got
		same "zsh: the $kind fields are the library's" got want
	else
		skip "zsh: the $kind fields are the library's" "no zsh"
	fi
done

# --- bash ---
# bcomp 'WORDS': what bash completes for the last of WORDS (typed so far).
bcomp() {
	bash -c '. "$1"
		COMP_WORDS=($2)
		case "$2" in *" ") COMP_WORDS+=("") ;; esac
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_ecs_orders
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
	    bcomp "$BASH_SCRIPT" "$1" | sort | tr '\n' ' '
}

run "bash -c '. \"$BASH_SCRIPT\" && complete -p ecs-list order-show refund-quote order-cancel order-import'"
is "bash: the script loads and completes the five commands" \
    "$status $(wc -l <out)" "0 5"
is "bash: an option, from the command's --help" "$(bcomp 'ecs-list --wi')" \
    "--wide "
is "bash: an option only that command has" \
    "$(bcomp 'refund-quote --sch')" "--schedule "
is "bash: no option another command has" "$(bcomp 'ecs-list --sch')" ""
is "bash: output formats" "$(bcomp 'order-show -o js')" "json jsonl "
is "bash: input formats" "$(bcomp 'order-show --input-format t')" "tsv "
is "bash: the next field of -c" "$(bcomp 'ecs-list -c instance_id,na')" \
    "instance_id,name "
is "bash: --where names a field" "$(bcomp 'order-show -w paid_')" \
    "paid_amount paid_at "
is "bash: --sort names a field" "$(bcomp 'ecs-list --sort expi')" \
    "expires_at "
is "bash: refund-quote's fields follow --schedule" \
    "$(bcomp 'refund-quote --schedule -c cha')" "change "
is "bash: order-cancel's -c names receipt fields" \
    "$(bcomp 'order-cancel -c api')" "api_call "
is "bash: order-import's -c names its receipt fields" \
    "$(bcomp 'order-import -c sou')" "source "
is "bash: policies, and files" "$(bcomp 'refund-quote --policy ')" \
    "$(ls | tr '\n' ' ' | sed 's/^/cn intl /' | tr ' ' '\n' | sort | tr '\n' ' ')"
is "bash: --color=WHEN" "$(bcomp 'ecs-list --color=al')" "always "
is "bash: --for wants an instance id, not an option" \
    "$(bcomp 'ecs-list -f x.json --for -')" ""

# --- zsh ---
ztype() {
	zsh -f "$top_srcdir/tests/tty/ztype.zsh" "$ZSH_DIR" "$1"
}
if command -v zsh >/dev/null 2>&1 && zsh -fc 'zmodload zsh/zpty' 2>/dev/null
then
	is "zsh: an option, from the command's --help" \
	    "$(ztype 'ecs-list --wi')" "DONE:ecs-list --wide"
	is "zsh: an output format" "$(ztype 'ecs-list -o ya')" \
	    "DONE:ecs-list -o yaml"
	is "zsh: the next field of -c" \
	    "$(ztype 'ecs-list -c instance_id,na')" \
	    "DONE:ecs-list -c instance_id,name"
	is "zsh: refund-quote's fields follow --schedule" \
	    "$(ztype 'refund-quote --schedule -c cha')" \
	    "DONE:refund-quote --schedule -c change"
	is "zsh: --sort names a field" "$(ztype 'ecs-list --sort expi')" \
	    "DONE:ecs-list --sort expires_at"
	is "zsh: a policy" "$(ztype 'refund-quote --policy c')" \
	    "DONE:refund-quote --policy cn"
	is "zsh: order-cancel's -c names receipt fields" \
	    "$(ztype 'order-cancel -c api')" "DONE:order-cancel -c api_call"
	is "zsh: --for wants an instance id, not an option" \
	    "$(ztype 'ecs-list -f x.json --for ')" \
	    "DONE:ecs-list -f x.json --for"
else
	for c in option format field schedule sort policy receipt for; do
		skip "zsh: completes a $c" "no zsh with zsh/zpty"
	done
fi

done_testing
