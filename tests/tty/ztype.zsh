# ztype.zsh DIR LINE: in an interactive zsh on a pseudo-terminal (zpty),
# with the completion functions of DIR, type LINE and a tab, then run the
# line as it stands with "print -r -- DONE:" before it: prints
# DONE:LINE-AS-COMPLETED.  For tests/cli/completion.t.
zmodload zsh/zpty
zpty -b z zsh -f -i
zpty -w z "PS1='> '; unsetopt zle_bracketed_paste 2>/dev/null; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w -n z "$2"$'\t'
sleep 1
zpty -w z $'\x01print -r -- DONE:'
out=
integer n=0
while (( n++ < 50 )); do
	zpty -r -t z line && out+=$line || sleep 0.1
	[[ $out == *$'\n'DONE:* ]] && break
done
zpty -d z
print -r -- ${${${(M)${(f)out}:#DONE:*}[1]}%$'\r'}
