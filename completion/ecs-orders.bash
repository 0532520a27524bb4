# bash completion for the ecs-orders commands: ecs-list, order-show,
# refund-quote, order-cancel and order-import.  Installed as completions/ecs-list and
# linked under the other names, so that bash-completion loads it for any.
#
# Options come from the command's own --help, so they are never stale;
# fields (for -c, -w and --sort), formats and policies from the lists
# below, which tests/cli/completion.t checks against the library's.

_ecs_orders_instance="instance_id name region zone instance_type family
	category cpu memory_gib os_type os_name status charge_type
	network_type vpc_id bandwidth_out_mbps created_at expires_at
	deletion_protection spot_strategy tags lock_reason stopped_mode
	sale_cycle renew_status renew_duration renew_unit renew_price
	renew_list_price renew_discount billing_status sub_status"
_ecs_orders_order="instance_id region created_at order_id related_order_id
	product order_type charge_type status paid_at period_start period_end
	gross_amount paid_amount voucher_amount currency no_refund refund_rule
	refund_amount refunded_at cloud_order_id refund_diff"
_ecs_orders_quote="instance_id currency refund_amount order_ids rule
	cash_paid consumed at policy reason"
_ecs_orders_quote_row="instance_id order_id order_type period_start
	period_end currency refund_amount rule usage_days order_days discount
	coefficient cash_paid consumed at policy reason"
_ecs_orders_schedule="instance_id currency refund_amount rule cash_paid
	consumed at change"
_ecs_orders_best="instance_id currency refund_amount rule at today gain"
_ecs_orders_receipt="order_id instance_id action status_before status_after
	refund_amount currency refund_rule reason api_call at ledger"
_ecs_orders_import="order_id instance_id action status_before status_after
	cloud_order_id refund_diff currency reason source"

# _ecs_orders_fields COMMAND OPTION: the fields OPTION names for COMMAND,
# as the other words of the line make them (refund-quote --schedule).
_ecs_orders_fields() {
	local w
	case $1 in
	ecs-list) echo "$_ecs_orders_instance" ;;
	order-show) echo "$_ecs_orders_order" ;;
	order-cancel)
		case $2 in
		-c|--columns) echo "$_ecs_orders_receipt" ;;
		*) echo "$_ecs_orders_order" ;;
		esac ;;
	order-import)
		case $2 in
		-c|--columns) echo "$_ecs_orders_import" ;;
		*) echo "$_ecs_orders_order" ;;
		esac ;;
	refund-quote)
		for w in "${COMP_WORDS[@]}"; do
			case $w in
			--schedule) echo "$_ecs_orders_schedule"; return ;;
			--best) echo "$_ecs_orders_best"; return ;;
			--per-order) echo "$_ecs_orders_quote_row"; return ;;
			esac
		done
		echo "$_ecs_orders_quote" ;;
	esac
}

_ecs_orders() {
	local cmd=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]}
	local prev= fields head IFS=$' \t\n'

	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
	# --option=value: bash splits at "=" when it is in COMP_WORDBREAKS.
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	elif [ "$cur" = "=" ]; then
		cur=
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi
	COMPREPLY=()
	case $prev in
	-f|--file|--instances|--plan|--apply|--script)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-o|--output)
		COMPREPLY=($(compgen -W "csv tsv table yaml json jsonl" \
		    -- "$cur"))
		return ;;
	-i|--input-format)
		COMPREPLY=($(compgen -W "csv tsv yaml json" -- "$cur"))
		return ;;
	--policy)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -W "intl cn" -- "$cur") \
		    $(compgen -f -- "$cur"))
		return ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return ;;
	-c|--columns)
		fields=$(_ecs_orders_fields "$cmd" "$prev")
		head=
		case $cur in *,*) head=${cur%,*}, ;; esac
		COMPREPLY=($(compgen -P "$head" -W "$fields" -- "${cur##*,}"))
		compopt -o nospace 2>/dev/null
		return ;;
	-w|--where|--sort)
		fields=$(_ecs_orders_fields "$cmd" "$prev")
		COMPREPLY=($(compgen -W "$fields" -- "$cur"))
		return ;;
	-d|--delimiter|--at|--until|--since|--step|--max|--wait|--status|\
	--region|--charge-type|--category|--type|--expiring-within|--instance|\
	--order-type|--for)
		return ;;
	esac
	case $cur in
	-*)
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --help 2>/dev/null |
		    grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		;;
	esac
}

complete -F _ecs_orders ecs-list order-show refund-quote \
    order-cancel order-import
