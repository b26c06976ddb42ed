package main

// The fragments below are the survey's own vocabulary (content/ of this repository), each
// with its English rendering as the [en] tables of the real cards translate it. Sentences
// are assembled from them in both languages at once, so that the [en] text of a card is a
// translation of its [ja] text.

// bi is a text in both languages.
type bi struct{ ja, en string }

// verb is a transitive verb: Japanese dictionary form (taking を), English third person,
// base form and gerund.
type verb struct{ ja, en3, en, ing string }

var actors = []bi{
	{"クラウドサービスプロバイダ", "the cloud service provider"},
	{"クラウドサービスカスタマ", "the cloud service customer"},
	{"クラウドサービス事業者", "the cloud service business operator"},
	{"認証機関", "the certification body"},
	{"認定機関", "the accreditation body"},
	{"監査人", "the auditor"},
	{"第三者評価機関", "the third-party assessment organisation"},
	{"政府機関", "each government agency"},
	{"運用組織", "the operating organisation"},
	{"所管官庁", "the competent authority"},
	{"委託先の事業者", "the contracted business operator"},
	{"利用者", "the user organisation"},
	{"システム関連事業者", "the system-related business operator"},
	{"医療機関", "the medical institution"},
	{"金融機関", "the financial institution"},
	{"供給者", "the supplier"},
}

var verbs = []verb{
	{"評価する", "assesses", "assess", "assessing"},
	{"審査する", "audits", "audit", "auditing"},
	{"確認する", "confirms", "confirm", "confirming"},
	{"公開する", "publishes", "publish", "publishing"},
	{"文書化する", "documents", "document", "documenting"},
	{"定期的に見直す", "periodically reviews", "periodically review", "periodically reviewing"},
	{"継続的に監視する", "continuously monitors", "continuously monitor", "continuously monitoring"},
	{"登録する", "registers", "register", "registering"},
	{"管理する", "manages", "manage", "managing"},
	{"実施する", "implements", "implement", "implementing"},
	{"承認する", "authorises", "authorise", "authorising"},
	{"特定する", "identifies", "identify", "identifying"},
	{"維持する", "maintains", "maintain", "maintaining"},
	{"策定する", "establishes", "establish", "establishing"},
	{"提供する", "provides", "provide", "providing"},
	{"報告する", "reports", "report", "reporting"},
}

var objects = []bi{
	{"情報セキュリティ管理策", "information security controls"},
	{"リスクアセスメントの結果", "the results of the risk assessment"},
	{"個人情報の取扱いに関する方針", "the policy on the handling of personal information"},
	{"セキュリティ要求事項", "the security requirements"},
	{"管理基準への適合状況", "conformity with the control criteria"},
	{"監査報告書", "the audit report"},
	{"インシデント対応の手順", "the incident response procedures"},
	{"サプライチェーンのリスク", "the risks in the supply chain"},
	{"データの保管場所", "the location where data is stored"},
	{"暗号鍵の管理方法", "the management of cryptographic keys"},
	{"アクセス制御の仕組み", "the access control mechanisms"},
	{"脆弱性管理のプロセス", "the vulnerability management process"},
	{"事業継続計画", "the business continuity plan"},
	{"クラウドサービスの利用条件", "the terms of use of the cloud service"},
	{"責任分界点", "the demarcation of responsibilities"},
	{"第三者認証の取得状況", "the status of third-party certification"},
	{"統制の運用状況", "the operating effectiveness of the controls"},
	{"委託先の管理状況", "the management of outsourcing contractors"},
	{"ログの取得と保存", "the collection and retention of logs"},
	{"構成管理の記録", "the configuration management records"},
	{"セキュリティ水準", "the level of security"},
	{"ゼロトラストアプローチ", "the zero trust approach"},
}

var contexts = []bi{
	{"認証を取得するにあたっては", "When obtaining certification"},
	{"政府機関の調達においては", "In procurement by government agencies"},
	{"2022 年の改訂により", "With the 2022 revision"},
	{"制度の運用開始以降", "Since the scheme began operation"},
	{"必要に応じて", "Where necessary"},
	{"初回の評価では", "In the initial assessment"},
	{"更新審査の際には", "At the renewal audit"},
	{"クラウドサービスの契約前に", "Before the cloud service contract is concluded"},
	{"国際標準等を踏まえて", "In line with international standards and the like"},
	{"リスクの小さな業務・情報の処理に限って", "Only for low-risk operations and information processing"},
	{"クラウドサービスを利用する際には", "When cloud services are used"},
	{"重要インフラ分野においては", "In the critical infrastructure sectors"},
}

// purposes are verb phrases: ja takes ことを目的としている, en takes "aims to".
var purposes = []bi{
	{"政府のクラウドサービス調達におけるセキュリティ水準の確保を図る", "ensure the level of security in government procurement of cloud services"},
	{"審査の重複や不要な取組みを避ける", "avoid duplicated audits and unnecessary work"},
	{"クラウドサービスの円滑な導入に資する", "contribute to the smooth introduction of cloud services"},
	{"利用者が CSP のセキュリティ対応能力を判断できるようにする", "enable users to judge the security capabilities of CSPs"},
	{"迅速かつ費用対効果の高いサービスの調達を可能にする", "enable rapid and cost-effective procurement of services"},
	{"重要インフラのサイバーセキュリティを強化する", "strengthen the cybersecurity of critical infrastructure"},
	{"個人情報の適切な保護を確保する", "ensure the appropriate protection of personal information"},
	{"クラウドセキュリティに対する理解を深める", "deepen the understanding of cloud security"},
	{"医療情報システムの安全管理を確保する", "ensure the safety management of health information systems"},
	{"EU 全域における高度な共通レベルのサイバーセキュリティを達成する", "achieve a high common level of cybersecurity across the Union"},
}

var events = []bi{
	{"初版が発行された", "the first edition was published"},
	{"改訂版が公開された", "a revised edition was published"},
	{"運用が開始された", "operation began"},
	{"新たな要求事項が追加された", "new requirements were added"},
	{"対象範囲が拡大された", "the scope was extended"},
	{"登録・公開が行われた", "the first list was registered and published"},
	{"関連する法律が署名された", "the related act was signed"},
	{"意見募集が実施された", "a public consultation was held"},
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// fixedISMS are sentences of the ISMS field that need no slots.
var fixedISMS = []bi{
	{"ISMS 認証を取得している場合は、作業の軽減が見込まれる。", "Where ISMS certification has been obtained, a reduction in work can be expected."},
	{"ISMS 認証を取得していることが要件の一つとなっている。", "Holding ISMS certification is one of the requirements."},
	{"ISMS の策定及び実施を遵守事項としている。", "It makes the establishment and implementation of an ISMS a mandatory requirement."},
	{"ISMS との直接の関連はないが、管理策の多くが共通している。", "There is no direct relation to ISMS, but many of the controls are common."},
}

// subLists are bullet items with nested items: an intro taking the scheme's label (%s)
// and the items.
type subList struct {
	intro bi
	items []bi
}

var subLists = []subList{
	{bi{"%s には、次の 3 つのレベルがあり、このうちレベル 2 が第三者認証である。", "%s has the following three levels, of which level 2 is third-party certification."}, []bi{
		{"レベル 1 － 自己評価（Self-Assessment）", "Level 1 — Self-Assessment"},
		{"レベル 2 － 第三者認証（3rd party certification）", "Level 2 — third-party certification"},
		{"レベル 3 － 継続的監視（continuous auditing）", "Level 3 — continuous auditing"},
	}},
	{bi{"%s の管理基準は、次の 3 種類から構成される。", "The control criteria of %s consist of the following three types."}, []bi{
		{"ガバナンス基準：経営陣に対する要求事項", "Governance criteria: requirements for the management"},
		{"マネジメント基準：管理者に対する要求事項", "Management criteria: requirements for managers"},
		{"管理策基準：技術的かつ具体的なセキュリティ管理策", "Control criteria: technical and specific security controls"},
	}},
	{bi{"%s で調達可能なサービスは、次のように分類される。", "The services that can be procured under %s are classified as follows."}, []bi{
		{"クラウドホスティング", "Cloud hosting"},
		{"クラウドソフトウェア", "Cloud software"},
		{"クラウドサポート", "Cloud support"},
	}},
	{bi{"%s のベースラインは、セキュリティの高さで次の 3 段階に分けられている。", "The %s baseline is divided into the following three levels according to the level of security."}, []bi{
		{"Low：影響が限定的な情報", "Low: information whose loss has a limited impact"},
		{"Moderate：影響が重大な情報", "Moderate: information whose loss has a serious impact"},
		{"High：影響が深刻又は壊滅的な情報", "High: information whose loss has a severe or catastrophic impact"},
	}},
	{bi{"%s の要求事項は、次のセクションで構成されている（例）。", "The requirements of %s consist of the following sections (examples)."}, []bi{
		{"情報セキュリティのための組織", "Organisation of information security"},
		{"資産管理", "Asset management"},
		{"物理的セキュリティ", "Physical security"},
		{"運用のセキュリティ", "Operations security"},
	}},
	{bi{"%s の対象となる分野は、次のとおりである。", "The sectors covered by %s are as follows."}, []bi{
		{"エネルギー", "Energy"},
		{"輸送", "Transport"},
		{"金融", "Banking"},
		{"医療分野", "Health"},
		{"デジタルインフラ", "Digital infrastructure"},
	}},
}

// Names of schemes: a domain, a qualifier and a noun for the kind of card.
var domains = []bi{
	{"クラウドサービス", "Cloud Service"},
	{"政府情報システム", "Government Information System"},
	{"クラウド情報セキュリティ", "Cloud Information Security"},
	{"データセンター", "Data Centre"},
	{"重要インフラ", "Critical Infrastructure"},
	{"医療情報システム", "Health Information System"},
	{"金融機関システム", "Financial Institution System"},
	{"デジタルサービス", "Digital Service"},
	{"個人データ処理", "Personal Data Processing"},
	{"サプライチェーン", "Supply Chain"},
}

var qualifiers = []bi{
	{"セキュリティ", "Security"},
	{"安全性", "Safety"},
	{"信頼性", "Trust"},
	{"サイバーセキュリティ", "Cybersecurity"},
	{"情報保護", "Information Protection"},
	{"コンプライアンス", "Compliance"},
}

var kindNouns = map[string][]bi{
	"scheme": {
		{"評価制度", "Assessment Scheme"},
		{"認証制度", "Certification Scheme"},
		{"登録制度", "Registration Programme"},
		{"監査制度", "Audit Programme"},
		{"認定制度", "Accreditation Scheme"},
	},
	"guideline": {
		{"ガイドライン", "Guideline"},
		{"管理基準", "Control Criteria"},
		{"安全対策基準", "Security Measures Standard"},
		{"実践の手引", "Practice Guide"},
		{"要求事項カタログ", "Requirements Catalogue"},
	},
	"law": {
		{"法", "Act"},
		{"指令", "Directive"},
		{"規則", "Regulation"},
	},
}

// subjects name the card itself, by kind.
var subjects = map[string]bi{
	"scheme":    {"本制度", "the scheme"},
	"guideline": {"本ガイドライン", "this guideline"},
	"law":       {"本法令", "this legislation"},
	"standard":  {"本規格", "this standard"},
	"page":      {"本書", "this document"},
}

// org is an organisation: its full name, a short name and, for foreign schemes, its
// country.
type org struct {
	name, short, country bi
}

var orgs = map[string][]org{
	"domestic": {
		{bi{"経済産業省", "Ministry of Economy, Trade and Industry (METI)"}, bi{"経済産業省", "METI"}, bi{}},
		{bi{"総務省", "Ministry of Internal Affairs and Communications (MIC)"}, bi{"総務省", "MIC"}, bi{}},
		{bi{"デジタル庁", "Digital Agency"}, bi{"デジタル庁", "Digital Agency"}, bi{}},
		{bi{"内閣サイバーセキュリティセンター（NISC）", "National center of Incident readiness and Strategy for Cybersecurity (NISC)"}, bi{"NISC", "NISC"}, bi{}},
		{bi{"独立行政法人情報処理推進機構（IPA）", "Information-technology Promotion Agency, Japan (IPA)"}, bi{"IPA", "IPA"}, bi{}},
		{bi{"公益財団法人金融情報システムセンター（FISC）", "The Center for Financial Industry Information Systems (FISC)"}, bi{"FISC", "FISC"}, bi{}},
		{bi{"厚生労働省", "Ministry of Health, Labour and Welfare (MHLW)"}, bi{"厚生労働省", "MHLW"}, bi{}},
		{bi{"一般社団法人日本クラウド産業協会（ASPIC）", "ASP-SaaS-AI-IoT Cloud Industry Association (ASPIC)"}, bi{"ASPIC", "ASPIC"}, bi{}},
		{bi{"一般社団法人情報マネジメントシステム認定センター（ISMS-AC）", "Information Management System Accreditation Center (ISMS-AC)"}, bi{"ISMS-AC", "ISMS-AC"}, bi{}},
		{bi{"一般財団法人日本情報経済社会推進協会（JIPDEC）", "Japan Institute for Promotion of Digital Economy and Community (JIPDEC)"}, bi{"JIPDEC", "JIPDEC"}, bi{}},
	},
	"international": {
		{bi{"The Cloud Security Alliance（CSA）", "The Cloud Security Alliance (CSA)"}, bi{"本部：米国", "headquartered in the US"}, bi{}},
		{bi{"欧州連合サイバーセキュリティ機関（ENISA）", "European Union Agency for Cybersecurity (ENISA)"}, bi{"欧州", "Europe"}, bi{}},
		{bi{"ISO/IEC JTC 1/SC 27", "ISO/IEC JTC 1/SC 27"}, bi{"国際", "international"}, bi{}},
		{bi{"欧州委員会", "European Commission"}, bi{"EU", "EU"}, bi{}},
		{bi{"国際監査・保証基準審議会（IAASB）", "International Auditing and Assurance Standards Board (IAASB)"}, bi{"国際", "international"}, bi{}},
		{bi{"EuroCloud Europe", "EuroCloud Europe"}, bi{"本部：ルクセンブルク", "headquartered in Luxembourg"}, bi{}},
	},
	"foreign": {
		{bi{"米国国立標準技術研究所（NIST）", "National Institute of Standards and Technology (NIST)"}, bi{"NIST", "NIST"}, bi{"米国政府", "US Government"}},
		{bi{"FedRAMP Program Management Office（FedRAMP PMO）", "FedRAMP Program Management Office (FedRAMP PMO)"}, bi{"FedRAMP PMO", "FedRAMP PMO"}, bi{"米国政府", "US Government"}},
		{bi{"ドイツ情報セキュリティ庁（BSI）", "Federal Office for Information Security (BSI)"}, bi{"BSI", "BSI"}, bi{"ドイツ", "Germany"}},
		{bi{"英国国家サイバーセキュリティセンター（NCSC）", "National Cyber Security Centre (NCSC)"}, bi{"NCSC", "NCSC"}, bi{"英国政府", "UK Government"}},
		{bi{"シンガポール情報通信メディア開発庁（IMDA）", "Infocomm Media Development Authority (IMDA)"}, bi{"IMDA", "IMDA"}, bi{"シンガポール", "Singapore"}},
		{bi{"オーストラリア信号局（ASD）", "Australian Signals Directorate (ASD)"}, bi{"ASD", "ASD"}, bi{"オーストラリア政府", "Australian Government"}},
		{bi{"韓国インターネット振興院（KISA）", "Korea Internet & Security Agency (KISA)"}, bi{"KISA", "KISA"}, bi{"韓国", "South Korea"}},
		{bi{"フランス国家情報システムセキュリティ庁（ANSSI）", "National Cybersecurity Agency of France (ANSSI)"}, bi{"ANSSI", "ANSSI"}, bi{"フランス", "France"}},
		{bi{"カナダサイバーセキュリティセンター", "Canadian Centre for Cyber Security"}, bi{"CCCS", "CCCS"}, bi{"カナダ", "Canada"}},
	},
}

// supporters are bodies that footnote 1 says do the practical work.
var supporters = []bi{
	{"独立行政法人情報処理推進機構（IPA）", "The Information-technology Promotion Agency, Japan (IPA)"},
	{"GSA（General Services Administration－独立政府機関）", "The GSA (General Services Administration — an independent government agency)"},
	{"事務局", "The secretariat"},
	{"認定を受けた監査機関", "An accredited audit body"},
	{"各国の所管官庁", "The competent authority of each country"},
}

var scopes = []bi{
	{"クラウドサービスプロバイダ（CSP）", "Cloud service providers (CSPs)"},
	{"クラウドサービス事業者", "Cloud service providers"},
	{"政府機関が利用するクラウドサービス", "Cloud services used by government agencies"},
	{"医療情報システム", "Health information systems"},
	{"金融機関等のコンピュータシステム", "The computer systems of financial institutions and the like"},
	{"クラウドサービス供給者（Cloud service supplier）", "Cloud service suppliers"},
	{"クラウドサービスを提供する事業者及び利用する事業者", "Businesses that provide cloud services and businesses that use them"},
}

var scopeMore = []bi{
	{"製品やサービス等幅広いものが対象であり、その中にクラウドサービスプロバイダが提供するクラウド製品・サービスがある。", "A wide range of things, such as products and services, is covered, including the cloud products and services provided by cloud service providers."},
	{"リスクの小さな業務・情報の処理に用いる SaaS サービスも対象となる。", "SaaS services used for low-risk operations and information processing are also covered."},
	{"関連する国内の製造業においても大きな影響を与える可能性がある。", "It may also have a significant impact on related domestic manufacturing industries."},
	{"IaaS、PaaS、SaaS のいずれのサービスモデルも対象となる。", "All service models, IaaS, PaaS and SaaS, are covered."},
}

// URL hosts for the one external link of a card: reserved example domains.
var hosts = []string{"www.example.org", "example.com", "www.example.net", "docs.example.org", "publications.example.com"}

// glossary is the synthetic glossary: id, abbreviation, term and description.
type glossTerm struct {
	id, abbr   string
	term, desc bi
}

var glossary = []glossTerm{
	{"isms", "ISMS", bi{"情報セキュリティマネジメントシステム", "information security management system"}, bi{"情報の機密性、完全性、可用性を保護するための情報セキュリティ対策の包括的な仕組み。[ISO/IEC 27001](std:iso-iec-27001) はその要求事項を定めた国際規格である。", "A comprehensive mechanism of information security measures for protecting the confidentiality, integrity and availability of information. [ISO/IEC 27001](std:iso-iec-27001) is the international standard that specifies its requirements."}},
	{"csp", "CSP", bi{"クラウドサービスプロバイダ", "cloud service provider"}, bi{"クラウドサービスを提供する組織（サービス提供者）。", "An organisation that provides cloud services (the service provider)."}},
	{"csc", "CSC", bi{"クラウドサービスカスタマ", "cloud service customer"}, bi{"クラウドサービスを利用する組織（サービス利用者）。", "An organisation that uses cloud services (the service user)."}},
	{"iaas", "IaaS", bi{"Infrastructure as a Service", "Infrastructure as a Service"}, bi{"処理能力、ストレージ、ネットワーク等の基盤を提供するサービスモデル。", "A service model that provides infrastructure such as processing, storage and networks."}},
	{"paas", "PaaS", bi{"Platform as a Service", "Platform as a Service"}, bi{"アプリケーションの開発・実行環境を提供するサービスモデル。", "A service model that provides an environment for developing and running applications."}},
	{"saas", "SaaS", bi{"Software as a Service", "Software as a Service"}, bi{"アプリケーションをサービスとして提供するサービスモデル。", "A service model that provides applications as a service."}},
	{"pii", "PII", bi{"個人識別可能情報", "personally identifiable information"}, bi{"その情報に関連する個人を識別するために利用できる情報。", "Information that can be used to identify the individual to whom it relates."}},
	{"3pao", "3PAO", bi{"第三者評価機関", "Third-Party Assessment Organization"}, bi{"クラウドサービスの評価を行う第三者機関。", "A third-party body that assesses cloud services."}},
	{"jab", "JAB", bi{"合同承認委員会", "Joint Authorization Board"}, bi{"評価結果を検討・承認する委員会。", "The board that reviews and authorises assessment results."}},
	{"ato", "ATO", bi{"運用承認", "Authority to Operate"}, bi{"関連当局による運用の承認。", "Authorisation to operate by the relevant agency."}},
	{"soc", "SOC", bi{"受託会社の内部統制の保証報告書", "System and Organization Controls"}, bi{"受託業務に係る内部統制について監査人が発行する報告書。[SOC2](std:soc2) を参照。", "Reports issued by an auditor on the internal controls of a service organisation. See [SOC2](std:soc2)."}},
	{"ccm", "CCM", bi{"クラウドコントロールマトリクス", "Cloud Controls Matrix"}, bi{"CSA が公開するクラウドセキュリティの管理策の一覧。", "The list of cloud security controls published by the CSA."}},
	{"caiq", "CAIQ", bi{"コンセンサスアセスメントイニシアティブクエスチョネア", "Consensus Assessments Initiative Questionnaire"}, bi{"CSA STAR の自己評価に用いる質問票。", "The questionnaire used for CSA STAR self-assessment."}},
	{"nisc", "NISC", bi{"内閣サイバーセキュリティセンター", "National center of Incident readiness and Strategy for Cybersecurity"}, bi{}},
	{"ipa", "IPA", bi{"独立行政法人情報処理推進機構", "Information-technology Promotion Agency, Japan"}, bi{}},
	{"jipdec", "JIPDEC", bi{"一般財団法人日本情報経済社会推進協会", "Japan Institute for Promotion of Digital Economy and Community"}, bi{}},
	{"isms-ac", "ISMS-AC", bi{"一般社団法人情報マネジメントシステム認定センター", "Information Management System Accreditation Center"}, bi{"認定業務を行う機関。", "The body that carries out accreditation work."}},
	{"bsi", "BSI", bi{"ドイツ情報セキュリティ庁", "Federal Office for Information Security"}, bi{}},
	{"ncsc", "NCSC", bi{"英国国家サイバーセキュリティセンター", "National Cyber Security Centre"}, bi{}},
	{"enisa", "ENISA", bi{"欧州連合サイバーセキュリティ機関", "European Union Agency for Cybersecurity"}, bi{}},
	{"nist", "NIST", bi{"米国国立標準技術研究所", "National Institute of Standards and Technology"}, bi{"[NIST SP 800-53](std:nist-sp-800-53) 等の文書を発行している。", "Publishes documents such as [NIST SP 800-53](std:nist-sp-800-53)."}},
	{"csa", "CSA", bi{"クラウドセキュリティアライアンス", "Cloud Security Alliance"}, bi{"クラウドコンピューティングのセキュリティに関する非営利団体。", "A non-profit organisation on the security of cloud computing."}},
	{"sla", "SLA", bi{"サービスレベル合意書", "service level agreement"}, bi{"サービスの品質水準について提供者と利用者が合意した文書。", "A document in which provider and user agree on the quality level of a service."}},
	{"bcp", "BCP", bi{"事業継続計画", "business continuity plan"}, bi{"災害等の発生時に事業を継続するための計画。", "A plan for continuing business when a disaster or the like occurs."}},
	{"cui", "CUI", bi{"管理対象非機密情報", "Controlled Unclassified Information"}, bi{"[NIST SP 800-171](std:nist-sp-800-171) が保護の対象とする情報。", "The information that [NIST SP 800-171](std:nist-sp-800-171) protects."}},
	{"eucc", "EUCC", bi{"欧州共通基準に基づくサイバーセキュリティ認証スキーム", "European Common Criteria-based cybersecurity certification scheme"}, bi{}},
	{"gdpr", "GDPR", bi{"一般データ保護規則", "General Data Protection Regulation"}, bi{"EU における個人データ保護の規則。", "The EU regulation on the protection of personal data."}},
	{"dx", "DX", bi{"デジタルトランスフォーメーション", "digital transformation"}, bi{}},
	{"ismap", "ISMAP", bi{"政府情報システムのためのセキュリティ評価制度", "Information system Security Management and Assessment Program"}, bi{}},
	{"ismap-liu", "ISMAP-LIU", bi{"ISMAP for Low-Impact Use", "ISMAP for Low-Impact Use"}, bi{"リスクの小さな業務・情報の処理に用いる SaaS サービスを対象とした仕組み。", "The arrangement for SaaS services used for low-risk operations and information processing."}},
	{"fisc", "FISC", bi{"公益財団法人金融情報システムセンター", "The Center for Financial Industry Information Systems"}, bi{}},
	{"soa", "SoA", bi{"適用宣言書", "statement of applicability"}, bi{"組織が採用する管理策とその理由を記載した文書。", "A document that states the controls an organisation adopts and the reasons for them."}},
	{"zero-trust", "", bi{"ゼロトラスト", "zero trust"}, bi{"ネットワークの内外を問わず、すべてのアクセスを検証する考え方。", "The principle of verifying every access, whether from inside or outside the network."}},
	{"risk-assessment", "", bi{"リスクアセスメント", "risk assessment"}, bi{"リスク特定、リスク分析及びリスク評価のプロセス全体。", "The overall process of risk identification, risk analysis and risk evaluation."}},
	{"risk-treatment", "", bi{"リスク対応", "risk treatment"}, bi{"リスクを修正するプロセス。", "The process to modify risk."}},
	{"certification-body", "", bi{"認証機関", "certification body"}, bi{"組織のマネジメントシステムを審査し、認証する機関。", "A body that audits and certifies the management system of an organisation."}},
	{"accreditation-body", "", bi{"認定機関", "accreditation body"}, bi{"認証機関の能力を評価し、認定する機関。", "A body that assesses and accredits the competence of certification bodies."}},
	{"conformity-assessment", "", bi{"適合性評価", "conformity assessment"}, bi{"規定要求事項が満たされていることの実証。", "Demonstration that specified requirements are fulfilled."}},
	{"third-party-certification", "", bi{"第三者認証", "third-party certification"}, bi{"独立した第三者が要求事項への適合を証明すること。", "Certification of conformity to requirements by an independent third party."}},
	{"self-assessment", "", bi{"自己評価", "self-assessment"}, bi{"組織が自ら要求事項への適合状況を評価すること。", "An assessment by an organisation of its own conformity to requirements."}},
	{"continuous-monitoring", "", bi{"継続的モニタリング", "continuous monitoring"}, bi{"承認後もセキュリティの状態を継続的に監視すること。", "Monitoring the security posture continuously after authorisation."}},
	{"shared-responsibility", "", bi{"責任共有モデル", "shared responsibility model"}, bi{"クラウドサービスプロバイダとカスタマの責任の分担を示すモデル。", "A model that shows how responsibilities are divided between the cloud service provider and the customer."}},
	{"data-sovereignty", "", bi{"データ主権", "data sovereignty"}, bi{}},
	{"supply-chain-risk", "", bi{"サプライチェーンリスク", "supply chain risk"}, bi{"供給者との関係に起因する情報セキュリティリスク。[ISO/IEC 27036](std:iso-iec-27036) を参照。", "Information security risk that arises from supplier relationships. See [ISO/IEC 27036](std:iso-iec-27036)."}},
	{"incident-response", "", bi{"インシデント対応", "incident response"}, bi{"情報セキュリティインシデントの検知、報告、対処及び復旧。", "The detection, reporting, handling of and recovery from information security incidents."}},
	{"vulnerability-management", "", bi{"脆弱性管理", "vulnerability management"}, bi{}},
	{"access-control", "", bi{"アクセス制御", "access control"}, bi{"情報及び情報システムへのアクセスを制限する手段。", "The means of restricting access to information and information systems."}},
	{"encryption", "", bi{"暗号化", "encryption"}, bi{}},
	{"audit-trail", "", bi{"監査証跡", "audit trail"}, bi{"システムの操作や処理を追跡するための記録。", "Records for tracing the operations and processing of a system."}},
	{"essential-services", "", bi{"不可欠なサービス", "essential services"}, bi{"社会的・経済的活動の維持に不可欠なサービス。", "Services that are essential for the maintenance of societal and economic activities."}},
	{"multi-tenancy", "", bi{"マルチテナンシー", "multi-tenancy"}, bi{"複数の利用者が物理的又は仮想的な資源を共有すること。", "The sharing of physical or virtual resources by several users."}},
	{"cloud-service-derived-data", "", bi{"クラウドサービス派生データ", "cloud service derived data"}, bi{"クラウドサービスの利用によって生じるデータ。", "Data that arises from the use of a cloud service."}},
}
