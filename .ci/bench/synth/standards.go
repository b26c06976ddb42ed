package main

// stdSpec is one standard card of the synthetic survey. Its description is generated; the
// rest is fixed so that every corpus has the same 40 standards whatever n is.
type stdSpec struct {
	id, designation, edition, section, status string
	groups                                    []string
	jis                                       []string
	title                                     bi
	relations                                 []relSpec
}

type relSpec struct {
	typ, to string
	note    bi // empty: no note
}

var standards = []stdSpec{
	{id: "iso-iec-27001", designation: "ISO/IEC 27001", edition: "2022", groups: []string{"isms"}, jis: []string{"JIS Q 27001:2023"},
		title: bi{"情報セキュリティ，サイバーセキュリティ及びプライバシー保護－情報セキュリティマネジメントシステム－要求事項", "Information security, cybersecurity and privacy protection — Information security management systems — Requirements"}},
	{id: "iso-iec-27002", designation: "ISO/IEC 27002", edition: "2022", groups: []string{"controls"}, jis: []string{"JIS Q 27002:2024"},
		title:     bi{"情報セキュリティ，サイバーセキュリティ及びプライバシー保護－情報セキュリティ管理策", "Information security, cybersecurity and privacy protection — Information security controls"},
		relations: []relSpec{{"corresponds-to", "iso-iec-27001", bi{"附属書 A の管理策", "the controls of Annex A"}}}},
	{id: "iso-iec-27005", designation: "ISO/IEC 27005", edition: "2022", groups: []string{"risk"},
		title: bi{"情報セキュリティリスクの管理に関する手引", "Guidance on managing information security risks"}},
	{id: "iso-iec-27006", designation: "ISO/IEC 27006", edition: "2015", groups: []string{"assurance", "isms"},
		title:     bi{"情報セキュリティマネジメントシステムの審査及び認証を行う機関に対する要求事項", "Requirements for bodies providing audit and certification of information security management systems"},
		relations: []relSpec{{"specialises", "iso-iec-17021-1", bi{}}}},
	{id: "iso-iec-27014", designation: "ISO/IEC 27014", edition: "2020", groups: []string{"isms"}, jis: []string{"JIS Q 27014:2021"},
		title: bi{"情報セキュリティガバナンス", "Governance of information security"}},
	{id: "iso-iec-27017", designation: "ISO/IEC 27017", edition: "2015", section: "2.4.1", groups: []string{"cloud", "controls"}, jis: []string{"JIS Q 27017:2016"},
		title:     bi{"ISO/IEC 27002 に基づくクラウドサービスのための情報セキュリティ管理策の実践の規範", "Code of practice for information security controls based on ISO/IEC 27002 for cloud services"},
		relations: []relSpec{{"based-on", "iso-iec-27002", bi{}}}},
	{id: "iso-iec-27018", designation: "ISO/IEC 27018", edition: "2019", section: "2.4.2", groups: []string{"cloud", "pii"},
		title:     bi{"パブリッククラウドにおける PII プロセッサとして作動する PII の保護のための実践の規範", "Code of practice for protection of personally identifiable information (PII) in public clouds acting as PII processors"},
		relations: []relSpec{{"based-on", "iso-iec-27002", bi{}}}},
	{id: "iso-iec-27036", designation: "ISO/IEC 27036", edition: "2021", groups: []string{"supply-chain"},
		title: bi{"供給者関係のためのサイバーセキュリティ", "Cybersecurity — Supplier relationships"}},
	{id: "iso-iec-27036-4", designation: "ISO/IEC 27036-4", edition: "2016", section: "2.4.3", groups: []string{"supply-chain", "cloud"},
		title:     bi{"供給者関係のための情報セキュリティ－第 4 部：クラウドサービスのセキュリティのための指針", "Information security for supplier relationships — Part 4: Guidelines for security of cloud services"},
		relations: []relSpec{{"part-of", "iso-iec-27036", bi{}}}},
	{id: "iso-iec-27701", designation: "ISO/IEC 27701", edition: "2019", section: "2.4.4", groups: []string{"privacy-framework", "pii"},
		title:     bi{"プライバシー情報マネジメントのための ISO/IEC 27001 及び ISO/IEC 27002 への拡張－要求事項及び指針", "Extension to ISO/IEC 27001 and ISO/IEC 27002 for privacy information management — Requirements and guidelines"},
		relations: []relSpec{{"extends", "iso-iec-27001", bi{}}}},
	{id: "iso-iec-27040", designation: "ISO/IEC 27040", edition: "2024", groups: []string{"controls"},
		title: bi{"ストレージセキュリティ", "Storage security"}},
	{id: "iso-27799", designation: "ISO 27799", edition: "2016", groups: []string{"sector", "controls"},
		title:     bi{"ISO/IEC 27002 を用いた保健分野の情報セキュリティ管理", "Health informatics — Information security management in health using ISO/IEC 27002"},
		relations: []relSpec{{"specialises", "iso-iec-27002", bi{"保健分野への適用", "application to the health sector"}}}},
	{id: "iso-iec-29100", designation: "ISO/IEC 29100", edition: "2011", groups: []string{"privacy-framework"}, jis: []string{"JIS X 9250:2017"},
		title: bi{"プライバシーフレームワーク", "Privacy framework"}},
	{id: "iso-iec-29134", designation: "ISO/IEC 29134", edition: "2023", groups: []string{"pii"},
		title: bi{"プライバシー影響評価のための指針", "Guidelines for privacy impact assessment"}},
	{id: "iso-iec-29151", designation: "ISO/IEC 29151", edition: "2017", groups: []string{"pii"},
		title:     bi{"個人識別可能情報保護のための実践の規範", "Code of practice for personally identifiable information protection"},
		relations: []relSpec{{"within-framework", "iso-iec-29100", bi{}}}},
	{id: "iso-iec-17788", designation: "ISO/IEC 17788", edition: "2014", groups: []string{"cloud-computing"},
		title: bi{"クラウドコンピューティング－概要及び用語", "Cloud computing — Overview and vocabulary"}},
	{id: "iso-iec-17789", designation: "ISO/IEC 17789", edition: "2014", groups: []string{"cloud-computing"},
		title:     bi{"クラウドコンピューティング－参照アーキテクチャ", "Cloud computing — Reference architecture"},
		relations: []relSpec{{"references", "iso-iec-17788", bi{}}}},
	{id: "iso-iec-22123-1", designation: "ISO/IEC 22123-1", edition: "2023", groups: []string{"cloud-computing"},
		title:     bi{"クラウドコンピューティング－第 1 部：用語", "Cloud computing — Part 1: Vocabulary"},
		relations: []relSpec{{"succeeds", "iso-iec-17788", bi{"用語の部分", "the vocabulary part"}}}},
	{id: "iso-iec-19086-1", designation: "ISO/IEC 19086-1", edition: "2016", groups: []string{"cloud-computing"},
		title: bi{"クラウドコンピューティング－サービスレベル合意（SLA）の枠組み－第 1 部：概要及び概念", "Cloud computing — Service level agreement (SLA) framework — Part 1: Overview and concepts"}},
	{id: "iso-iec-20000-1", designation: "ISO/IEC 20000-1", edition: "2018", groups: []string{"service-management"}, jis: []string{"JIS Q 20000-1:2020"},
		title: bi{"サービスマネジメントシステム要求事項", "Service management system requirements"}},
	{id: "iso-22301", designation: "ISO 22301", edition: "2019", groups: []string{"business-continuity"}, jis: []string{"JIS Q 22301:2020"},
		title: bi{"事業継続マネジメントシステム－要求事項", "Business continuity management systems — Requirements"}},
	{id: "iso-31000", designation: "ISO 31000", edition: "2018", groups: []string{"risk"}, jis: []string{"JIS Q 31000:2019"},
		title: bi{"リスクマネジメント－指針", "Risk management — Guidelines"}},
	{id: "iso-iec-17020", designation: "ISO/IEC 17020", edition: "2012", groups: []string{"assurance"}, jis: []string{"JIS Q 17020:2012"},
		title: bi{"検査を実施する各種機関の運営に関する要求事項", "Requirements for the operation of various types of bodies performing inspection"}},
	{id: "iso-iec-17021-1", designation: "ISO/IEC 17021-1", edition: "2015", groups: []string{"assurance"}, jis: []string{"JIS Q 17021-1:2015"},
		title: bi{"マネジメントシステムの審査及び認証を行う機関に対する要求事項", "Requirements for bodies providing audit and certification of management systems"}},
	{id: "iso-iec-15408-1", designation: "ISO/IEC 15408-1", edition: "2022", groups: []string{"assurance"},
		title: bi{"IT セキュリティの評価基準－第 1 部：導入及び一般モデル", "Evaluation criteria for IT security — Part 1: Introduction and general model"}},
	{id: "isae-3000", designation: "ISAE 3000", edition: "Revised", groups: []string{"assurance"},
		title: bi{"過去財務情報の監査又はレビュー以外の保証業務", "Assurance Engagements Other than Audits or Reviews of Historical Financial Information"}},
	{id: "isae-3402", designation: "ISAE 3402", groups: []string{"assurance"},
		title:     bi{"受託会社の統制に関する保証報告書", "Assurance Reports on Controls at a Service Organization"},
		relations: []relSpec{{"within-framework", "isae-3000", bi{}}}},
	{id: "soc2", designation: "SOC2", section: "2.4.5", groups: []string{"assurance"},
		title: bi{"受託会社のセキュリティ、可用性、処理のインテグリティ、機密保持及びプライバシーに係る内部統制に関する報告書", "Report on Controls at a Service Organization Relevant to Security, Availability, Processing Integrity, Confidentiality or Privacy"}},
	{id: "csa-ccm", designation: "CSA CCM", edition: "v4", section: "2.4.8", groups: []string{"cloud", "controls"},
		title:     bi{"クラウドコントロールマトリクス", "Cloud Controls Matrix"},
		relations: []relSpec{{"corresponds-to", "iso-iec-27017", bi{"マッピングが公開されている", "a mapping is published"}}}},
	{id: "nist-sp-800-53", designation: "NIST SP 800-53", edition: "Rev.5", section: "2.4.6", groups: []string{"controls", "national-guidance"},
		title: bi{"情報システム及び組織のためのセキュリティ及びプライバシー管理策", "Security and Privacy Controls for Information Systems and Organizations"}},
	{id: "nist-sp-800-37", designation: "NIST SP 800-37", edition: "Rev.2", groups: []string{"risk", "national-guidance"},
		title:     bi{"情報システム及び組織のためのリスクマネジメントフレームワーク", "Risk Management Framework for Information Systems and Organizations"},
		relations: []relSpec{{"references", "nist-sp-800-53", bi{}}}},
	{id: "nist-sp-800-144", designation: "NIST SP 800-144", status: "withdrawn", groups: []string{"cloud-computing", "national-guidance"},
		title: bi{"パブリッククラウドコンピューティングのセキュリティとプライバシーに関するガイドライン", "Guidelines on Security and Privacy in Public Cloud Computing"}},
	{id: "nist-sp-800-145", designation: "NIST SP 800-145", groups: []string{"cloud-computing", "national-guidance"},
		title: bi{"NIST によるクラウドコンピューティングの定義", "The NIST Definition of Cloud Computing"}},
	{id: "nist-sp-800-171", designation: "NIST SP 800-171", edition: "Rev.3", groups: []string{"controls", "national-guidance"},
		title:     bi{"非連邦政府のシステム及び組織における管理対象非機密情報の保護", "Protecting Controlled Unclassified Information in Nonfederal Systems and Organizations"},
		relations: []relSpec{{"based-on", "nist-sp-800-53", bi{}}}},
	{id: "nist-csf", designation: "NIST CSF", edition: "2.0", section: "2.4.7", groups: []string{"cybersecurity", "national-guidance"},
		title: bi{"サイバーセキュリティフレームワーク", "The NIST Cybersecurity Framework (CSF)"}},
	{id: "pci-dss", designation: "PCI DSS", edition: "v4.0", groups: []string{"sector"},
		title: bi{"PCI データセキュリティ基準", "Payment Card Industry Data Security Standard"}},
	{id: "jis-q-15001", designation: "JIS Q 15001", edition: "2023", groups: []string{"pii", "national-guidance"},
		title: bi{"個人情報保護マネジメントシステム－要求事項", "Personal information protection management systems — Requirements"}},
	{id: "meti-cybersecurity-management-guidelines", designation: "METI Cybersecurity Management Guidelines", edition: "Ver 3.0", groups: []string{"cybersecurity", "national-guidance"},
		title: bi{"サイバーセキュリティ経営ガイドライン", "Cybersecurity Management Guidelines"}},
	{id: "ncsc-cloud-security-principles", designation: "Cloud Security Principles", groups: []string{"cloud", "national-guidance"},
		title: bi{"クラウドセキュリティ原則", "Cloud Security Principles"}},
	{id: "australian-ism", designation: "Australian ISM", groups: []string{"controls", "national-guidance"},
		title: bi{"オーストラリア政府情報セキュリティマニュアル", "Australian Government Information Security Manual"}},
}

// popular are the standards that schemes list most often, as in the survey, where most
// schemes name ISO/IEC 27001.
var popular = []string{"iso-iec-27001", "iso-iec-27001", "iso-iec-27001", "iso-iec-27002", "iso-iec-27017", "iso-iec-27018", "nist-sp-800-53", "soc2", "csa-ccm"}
