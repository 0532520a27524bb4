/* The YAML/JSON reader (SPEC 2.1): shapes, envelopes, flattening, errors. */
#include "readall.h"

#define CASE(name, in, want) \
	is_str(read_all(in, sizeof in - 1, FMT_AUTO, 0), want, name)

static void
shapes(void)
{
	CASE("a list of mappings", "- a: 1\n  b: x\n- a: 2\n",
	    "a=1|b=x\na=2\n");
	CASE("a mapping holding the list", "# ledger\norders:\n  - a: 1\n  - a: 2\n",
	    "a=1\na=2\n");
	CASE("several documents", "---\n- a: 1\n---\n- a: 2\n...\n",
	    "a=1\na=2\n");
	CASE("one bare mapping is one record", "a: 1\nb: 2\n", "a=1|b=2\n");
	CASE("an empty list", "orders: []\n", "");
	CASE("an empty list in a bare record", "order_id: 1\nitems: []\n",
	    "order_id=1|items=\n");
	CASE("an empty file is refused", "", "0:0: empty: no records, not "
	    "even a CSV header (did what wrote it fail?)");
	CASE("only comments", "# nothing here\n", "");
	CASE("JSON array", "[{\"a\":1},{\"a\":2,\"b\":\"x\"}]", "a=1\na=2|b=x\n");
	CASE("JSON object", "{\"a\": 1, \"b\": [1, 2]}", "a=1|b=1;2\n");
	CASE("JSON indented with tabs",
	    "{\n\t\"Instances\": {\n\t\t\"Instance\": [\n\t\t\t{\n"
	    "\t\t\t\t\"InstanceId\": \"i-1\"\n\t\t\t}\n\t\t]\n\t}\n}\n",
	    "instance_id=i-1\n");
	CASE("JSON with a tab before the first brace", "\t{\"a\": 1}\n", "a=1\n");
	CASE("JSON Lines", "{\"a\":1}\n{\"a\":2}\n\n{\"a\":3}\n",
	    "a=1\na=2\na=3\n");
	CASE("concatenated JSON exports",
	    "{\"Instances\":{\"Instance\":[{\"InstanceId\":\"i-1\"}]}}\n"
	    "{\"Instances\":{\"Instance\":[{\"InstanceId\":\"i-2\"}]}}\n",
	    "instance_id=i-1\ninstance_id=i-2\n");
	CASE("JSON escapes", "[{\"a\":\"x\\\"y\\\\z\\u00e9\\n\\/\"}]",
	    "a=x\"y\\z\xC3\xA9\n/\n");
	CASE("a tab inside a JSON string stays", "[{\"a\":\"x\\ty\"}]",
	    "a=x\ty\n");
}

static void
envelopes(void)
{
	CASE("DescribeInstances",
	    "{\"Instances\": {\"Instance\": [\n"
	    "  {\"InstanceId\": \"i-1\", \"Memory\": 8192, \"Cpu\": 2,\n"
	    "   \"VpcAttributes\": {\"VpcId\": \"vpc-1\",\n"
	    "     \"PrivateIpAddress\": {\"IpAddress\": [\"10.0.0.1\"]}},\n"
	    "   \"Tags\": {\"Tag\": [{\"TagKey\": \"env\", \"TagValue\": \"prod\"},\n"
	    "                      {\"TagKey\": \"team\", \"TagValue\": \"웹\"}]},\n"
	    "   \"PublicIpAddress\": {\"IpAddress\": []},\n"
	    "   \"DeletionProtection\": false}]},\n"
	    " \"NextToken\": \"\", \"RequestId\": \"R\", \"TotalCount\": 1}\n",
	    "instance_id=i-1|memory_gib=8|cpu=2|vpc_id=vpc-1"
	    "|VpcAttributes.PrivateIpAddress.IpAddress=10.0.0.1"
	    "|tags=env=prod;team=웹|PublicIpAddress.IpAddress="
	    "|deletion_protection=false\n");
	CASE("API times are written in full, canonical names as they are",
	    "[{\"CreationTime\": \"2025-05-25T12:40Z\", \"ExpiredTime\": "
	    "\"2025-06-01T00:00:00+08:00\", \"paid_at\": \"2025-05-25T12:40Z\"}]",
	    "created_at=2025-05-25T12:40:00Z|expires_at=2025-05-31T16:00:00Z"
	    "|paid_at=2025-05-25T12:40Z\n");
	CASE("no tags", "[{\"InstanceId\": \"i-1\", \"Tags\": {\"Tag\": []}}]",
	    "instance_id=i-1|tags=\n");
	CASE("GetOrderDetail with InstanceIDs as a JSON string",
	    "{\"Code\": \"Success\", \"Data\": {\"OrderList\": {\"Order\": [\n"
	    "  {\"OrderId\": \"7\", \"InstanceIDs\": \"[\\\"i-a\\\",\\\"i-b\\\"]\",\n"
	    "   \"PretaxGrossAmount\": \"100.01\", \"PretaxAmount\": \"90\",\n"
	    "   \"Currency\": \"CNY\", \"PaymentStatus\": \"Paid\"}]},\n"
	    " \"TotalCount\": 1}, \"RequestId\": \"R\"}\n",
	    "order_id=7|instance_id=i-a|gross_amount=50.01|paid_amount=45.00"
	    "|currency=CNY|status=Paid\n"
	    "order_id=7|instance_id=i-b|gross_amount=50.00|paid_amount=45.00"
	    "|currency=CNY|status=Paid\n");
	CASE("DescribeRenewalPrice: one record, its price renamed",
	    "{\"PriceInfo\": {\"Price\": {\"Currency\": \"USD\",\n"
	    "   \"DiscountPrice\": 13.2, \"OriginalPrice\": 88,\n"
	    "   \"TradePrice\": 74.8},\n"
	    "  \"Rules\": {\"Rule\": [{\"RuleId\": 20}]}},\n"
	    " \"RequestId\": \"R\"}\n",
	    "currency=USD|renew_discount=13.2|renew_list_price=88"
	    "|renew_price=74.8|Rules.Rule.RuleId=20\n");
	CASE("DescribeRenewalPrice in YAML",
	    "RequestId: R\nPriceInfo:\n  Price:\n    TradePrice: 74.8\n"
	    "    Currency: USD\n",
	    "renew_price=74.8|currency=USD\n");
	CASE("QueryAvailableInstances in YAML: its own names",
	    "Data:\n  InstanceList:\n    - InstanceID: i-1\n"
	    "      Status: Normal\n      SubscriptionType: Subscription\n"
	    "      CreateTime: 2025-05-25T12:40:11Z\n"
	    "      EndTime: 2026-05-25T16:00:00Z\n"
	    "      RenewStatus: AutoRenewal\n  TotalCount: 1\nCode: Success\n",
	    "instance_id=i-1|billing_status=Normal|charge_type=PrePaid"
	    "|subscribed_at=2025-05-25T12:40:11Z|expires_at=2026-05-25T16:00:00Z"
	    "|renew_status=AutoRenewal\n");
	CASE("DescribeInstanceAutoRenewAttribute in YAML, pager's form",
	    "InstanceRenewAttributes:\n  InstanceRenewAttribute:\n"
	    "  - InstanceId: i-1\n    RenewalStatus: Normal\n"
	    "    Duration: 1\n    PeriodUnit: Month\n",
	    "instance_id=i-1|renew_status=ManualRenewal|renew_duration=1"
	    "|renew_unit=Month\n");
	CASE("QueryOrders --pager in YAML: every amount shared",
	    "OrderList:\n  Order:\n  - OrderId: 9\n    InstanceIDs: i-a,i-b\n"
	    "    AfterTaxAmount: 0.03\n    Tax: 1\n    Currency: CNY\n"
	    "    Quantity: 2\n",
	    "order_id=9|instance_id=i-a|AfterTaxAmount=0.02|Tax=0.50"
	    "|currency=CNY|Quantity=1\n"
	    "order_id=9|instance_id=i-b|AfterTaxAmount=0.01|Tax=0.50"
	    "|currency=CNY|Quantity=1\n");
	CASE("InstanceIDs as a YAML list",
	    "- OrderId: 8\n  InstanceIDs: [i-a, i-b]\n  PretaxAmount: 3\n"
	    "  Currency: KRW\n",
	    "order_id=8|instance_id=i-a|paid_amount=2|currency=KRW\n"
	    "order_id=8|instance_id=i-b|paid_amount=1|currency=KRW\n");
}

static void
values(void)
{
	CASE("nested mappings flatten", "- a: {b: {c: 1}, d: 2}\n",
	    "a.b.c=1|a.d=2\n");
	CASE("lists of mappings join per field",
	    "- n: {i: [{mac: m1, ip: a}, {mac: m2, ip: b}]}\n",
	    "n.i.mac=m1;m2|n.i.ip=a;b\n");
	CASE("nulls are empty, quoted null is text",
	    "- a: null\n  b: ~\n  c:\n  d: 'null'\n  e: \"\"\n",
	    "a=|b=|c=|d=null|e=\n");
	CASE("booleans and numbers stay text as written",
	    "- a: true\n  b: 0123\n  c: 1e3\n  d: 300.00\n",
	    "a=true|b=0123|c=1e3|d=300.00\n");
	CASE("block scalars", "- a: |\n    line1\n    line2\n  b: x\n",
	    "a=line1\nline2\n|b=x\n");
	CASE("an empty mapping names its field", "- a: {}\n  b: 1\n",
	    "a=|b=1\n");
	CASE("anchors are ignored", "- a: &x 1\n", "a=1\n");
	CASE("API names in YAML", "- OrderId: 5\n  PaymentStatus: Unpaid\n",
	    "order_id=5|status=Unpaid\n");
	CASE("Tags given as text", "- tags: a=b;c=d\n", "tags=a=b;c=d\n");
}

static void
errors(void)
{
	CASE("duplicate key", "- a: 1\n  b: 2\n  a: 3\n",
	    "3:3: duplicate field \"a\": \"a: 3\"");
	CASE("a key and its alias", "- status: Paid\n  PaymentStatus: Unpaid\n",
	    "2:3: duplicate field \"PaymentStatus\": \"PaymentStatus: Unpaid\"");
	CASE("alias", "- a: &x 1\n  b: *x\n",
	    "2:6: YAML aliases (*name) are not supported: \"*x\"");
	CASE("a list item that is text", "- a: 1\n- just text\n",
	    "2:3: expected a mapping (a record), found text: \"just text\"");
	CASE("a list item that is a list", "- [1, 2]\n",
	    "1:3: expected a mapping (a record), found a list: \"[1, 2]\"");
	CASE("root text", "--- hello\n",
	    "1:5: expected records (a list or a mapping), found text: \"hello\"");
	CASE("bad indentation", "- a: 1\n b: 2\n",
	    "2:2: did not find expected '-' indicator (while parsing a block "
	    "collection): \"b: 2\"");
	CASE("JSON missing comma", "[{\"a\": 1 \"b\": 2}]",
	    "1:10: expected \",\" or \"}\": \"\\\"b\\\": 2}]\"");
	CASE("JSON Lines error reports the line's own column",
	    "{\"a\":1}\n{\"a\":2]\n",
	    "2:7: expected \",\" or \"}\": \"]\"");
	CASE("unterminated JSON string", "[{\"a\": \"x}]\n",
	    "1:8: a string not closed on its line: \"\\\"x}]\"");
	CASE("NUL escape", "- a: \"x\\0y\"\n",
	    "1:6: NUL character in a value: \"\\\"x\\\\0y\\\"\"");
	CASE("a mapping as a key", "- ? {a: 1}\n  : 2\n",
	    "1:5: a mapping key must be text: \"{a: 1}\"");
	CASE("Memory not a number", "[{\"Memory\": \"8G\"}]",
	    "1:13: Memory is not a number (MiB): \"\\\"8G\\\"}]\"");
	CASE("invalid UTF-8", "- a: \xff\n",
	    "1:6: invalid leading UTF-8 octet: \"\\xff\"");
	CASE("control character", "- a: x\x01y\n",
	    "1:7: control characters are not allowed: \"\\x01y\"");
}

static void
deep(void)
{
	struct buf b = BUF_INIT;
	int i;

	buf_adds(&b, "- a: ");
	for (i = 0; i < 70; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 70; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	ok(strstr(read_all(b.p, b.len, FMT_AUTO, 0),
	    "nesting deeper than 64 levels") != NULL,
	    "nesting is limited");
	buf_free(&b);
}

int
main(void)
{
	shapes();
	envelopes();
	values();
	errors();
	deep();
	return done();
}
