# Shell functions of the bench scripts (run.sh); source it.

# edit_card FILE K: append a bullet with one sentence to the [ja] overview of a scheme,
# as an editor's revision would (K makes each sentence new). serveedit/main.go's addBullet
# makes the same edit in the preview.
edit_card() {
	awk -v k="$2" '
		$0 == "[ja]" { inja = 1 }
		$0 == "[en]" { inja = 0 }
		inja && $0 == "overview = \"\"\"" { inov = 1 }
		inov && $0 == "\"\"\"" { print "- 追記 " k "：クラウドサービスカスタマは、責任分界点を定期的に確認することが求められる。"; inov = 0 }
		{ print }' "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}
