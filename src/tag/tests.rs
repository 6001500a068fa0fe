//! Behaviour of the built-in rules and of the configuration: one test per pattern class of
//! the tag's definition, in each supported language, with sentences written for these tests.

use std::sync::OnceLock;

use super::*;

fn builtin() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(Tagger::builtin)
}

fn tags_of(tagger: &Tagger, title: &str, summary: &str) -> Vec<String> {
    let input = TagInput {
        title,
        summary,
        content: "",
    };
    tagger.tag(&input).into_iter().map(|hit| hit.tag).collect()
}

/// The tags of a title and summary under the built-in rules.
fn tags(title: &str, summary: &str) -> Vec<String> {
    tags_of(builtin(), title, summary)
}

fn assert_attack(title: &str, summary: &str, category: &str) {
    let got = tags(title, summary);
    let want = vec![CYBERATTACK.to_string(), format!("{CYBERATTACK}:{category}")];
    assert_eq!(
        got,
        want,
        "{title} / {summary}\n{}",
        explain(title, summary)
    );
}

fn assert_attack_any_category(title: &str, summary: &str) {
    let got = tags(title, summary);
    assert!(
        got.first().map(String::as_str) == Some(CYBERATTACK),
        "expected a cyberattack: {title} / {summary}\n{}",
        explain(title, summary)
    );
}

/// An attack whose category the rules choose, where the category heads may weigh a close
/// call the other way.
fn assert_attack_the_rules_file_under(title: &str, summary: &str, category: Category) {
    let input = TagInput {
        title,
        summary,
        content: "",
    };
    assert_eq!(builtin().rule_category(&input), Some(category), "{title}");
    assert_attack_any_category(title, summary);
}

fn assert_quiet(title: &str, summary: &str) {
    let got = tags(title, summary);
    assert!(
        got.is_empty(),
        "expected no tag, got {got:?}: {title} / {summary}\n{}",
        explain(title, summary)
    );
}

fn explain(title: &str, summary: &str) -> String {
    builtin().explain(&TagInput {
        title,
        summary,
        content: "",
    })
}

fn config(source: &str) -> TaggingConfig {
    toml::from_str(source).expect("test configuration parses")
}

fn rule_error(source: &str) -> (RuleError, String) {
    let error = Tagger::from_config(&config(source)).expect_err("the configuration is refused");
    let span = error.span.clone().expect("the error carries a span");
    (error, source[span].to_string())
}

// ----- the built-in rules compile, and the tagger can be shared -------------------------------

#[test]
fn builtin_rules_compile() {
    assert!(Tagger::from_config(&TaggingConfig::default()).is_ok());
}

/// A word written twice in one list, or written beside a list that already holds it, is harmless
/// to matching but hides which entry a later edit should change; the rule file grows by hand, so
/// the check runs here.
#[test]
fn builtin_rule_lists_hold_each_entry_once() {
    let rules = rules::builtin().expect("the built-in rules parse");
    let mut arrays: Vec<(String, &Vec<toml::Spanned<String>>)> = vec![
        ("terms".into(), &rules.terms),
        ("exclude".into(), &rules.exclude),
        ("unless".into(), &rules.unless),
    ];
    arrays.extend(
        rules
            .lists
            .iter()
            .map(|(name, list)| (format!("@{name}"), list)),
    );
    for (i, rule) in rules.rules.iter().enumerate() {
        let rule = rule.get_ref();
        for (field, list) in [
            ("terms", &rule.terms),
            ("near", &rule.near),
            ("not_near", &rule.not_near),
            ("not_near_when", &rule.not_near_when),
            ("when_item_has", &rule.when_item_has),
            ("unless", &rule.unless),
            ("unless_in_title", &rule.unless_in_title),
            ("only_if", &rule.only_if),
        ] {
            arrays.push((format!("rule {i} {field}"), list));
        }
    }
    for (name, list) in arrays {
        // Lists may share words with each other; an entry written out may not repeat one of them.
        let through_lists: std::collections::BTreeSet<&String> = list
            .iter()
            .filter_map(|entry| entry.get_ref().strip_prefix('@'))
            .filter_map(|list_name| rules.lists.get(list_name))
            .flatten()
            .map(|entry| entry.get_ref())
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        for entry in list {
            assert!(
                seen.insert(entry.get_ref()),
                "{name} holds \"{}\" twice",
                entry.get_ref()
            );
            assert!(
                !through_lists.contains(entry.get_ref()),
                "{name} holds \"{}\" beside a list that already holds it",
                entry.get_ref()
            );
        }
    }
}

#[test]
fn tagger_is_send_and_sync() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Tagger>();
}

// ----- the seed stories ------------------------------------------------------------------------

#[test]
fn seed_stories() {
    assert_attack_any_category(
        "Mexico's Economy Ministry Suffers Cyber-attack At Weekend",
        "",
    );
    assert_quiet("Private Equity Firms 'Circle' NCC Group's Escode", "");
    assert_quiet("Amazon Sellers 'Pull Back' From Prime Day Over Tariffs", "");
    assert_quiet("M&S tells distribution centre staff to stay at home", "");
}

// ----- positives, English ----------------------------------------------------------------------

#[test]
fn incident_words_alone() {
    assert_attack_any_category("Regional hospital hit by cyberattack", "");
    assert_attack_any_category("City council website hacked overnight", "");
    assert_attack_any_category(
        "Hackers broke into the ferry operator's booking platform",
        "",
    );
}

#[test]
fn a_disclosed_security_incident_is_an_attack_but_incident_tooling_is_not() {
    assert_attack_any_category(
        "Payroll provider discloses security incident affecting client portal",
        "",
    );
    assert_quiet(
        "Vendor adds AI triage to its security incident response platform",
        "",
    );
    assert_quiet(
        "Cloud SIEM: security incidents and event management at lower cost",
        "",
    );
}

#[test]
fn attack_without_the_word_attack() {
    assert_attack(
        "Dental chain halts bookings",
        "Its systems were encrypted and the criminals demand payment in bitcoin.",
        "ransomware",
    );
    // Records on a leak site read as a breach or as ransomware: the category heads choose.
    assert_attack_any_category(
        "Retailer investigates",
        "Customer records were posted on a leak site by the extortion crew.",
    );
    assert_attack(
        "Credit union loses savings",
        "Funds were siphoned through the transfer system after intruders hacked an account.",
        "fraud",
    );
}

#[test]
fn access_and_encryption_by_intruders() {
    assert_attack_any_category("Police arrest teenager over attack on school network", "");
    assert_attack_any_category(
        "Water utility's control system accessed by unauthorised party",
        "",
    );
    assert_attack(
        "Car maker halts production after IT systems encrypted",
        "",
        "ransomware",
    );
    assert_quiet("Bug could allow unauthorized access to admin panel", "");
    assert_quiet("Messaging app adds end-to-end encrypted backups", "");
    assert_quiet("New chip encrypts files on servers by default", "");
}

#[test]
fn skimming_sabotage_and_active_attack() {
    // Skimmed card data reads as fraud or as a breach: the heads may choose either.
    assert_attack_the_rules_file_under(
        "Retailer says customer card data skimmed from checkout page",
        "",
        Category::Fraud,
    );
    assert_attack_any_category(
        "Ex-employee sentenced for sabotaging former employer's servers",
        "",
    );
    assert_attack(
        "Vendor patches 80 bugs including two zero-days under active attack",
        "",
        "exploitation",
    );
    assert_quiet("Skimming the news: five stories for your morning", "");
    assert_quiet("Government under attack over housing policy", "");
    assert_quiet("Midfielder sabotaged his own team's chances", "");
}

#[test]
fn attack_mentioned_in_passing() {
    assert_attack_any_category(
        "Furniture maker beats quarterly forecast",
        "Sales rose 8%. The firm said a data breach at its logistics supplier delayed some orders.",
    );
}

#[test]
fn aftermath_names_the_attack() {
    assert_attack_any_category(
        "Two arrested over the school district breach",
        "Police say the suspects stole student data and sold it on a dark web forum.",
    );
    assert_attack_any_category(
        "Port restores systems after cyber attack",
        "Cranes are running again two weeks after the incident.",
    );
    assert_attack(
        "Regulator fines insurer",
        "The fine follows a data breach that exposed policyholders' records.",
        "data-breach",
    );
    assert_attack(
        "Health insurer notifies 4 million people of breach",
        "",
        "data-breach",
    );
    assert_attack_any_category("Data protection authority fines retailer over hack", "");
}

#[test]
fn campaign_vocabulary() {
    assert_attack_any_category("Credential stuffing hits streaming accounts", "");
    assert_attack(
        "Browser zero-day used in attacks, vendor says",
        "",
        "exploitation",
    );
}

#[test]
fn threat_as_subject() {
    assert_attack(
        "Ransomware attacks on clinics doubled this year",
        "",
        "ransomware",
    );
    assert_attack("How to spot a phishing email", "", "phishing");
    assert_attack_any_category(
        "Agency warns of attacks on water utilities",
        "Hackers are probing control systems at small utilities.",
    );
}

#[test]
fn attackers_as_the_subject_of_what_they_did() {
    assert_attack_any_category(
        "Attackers hit VPN appliance flaw weeks before the patch",
        "",
    );
    assert_attack_any_category("Retailer says intruders accessed its payment systems", "");
    assert_attack_any_category("University announces network attack disrupted exams", "");
    assert_attack_any_category(
        "Bank says fraud detection flagged thousands of hijacked accounts",
        "",
    );
    assert_quiet(
        "VPN appliance flaw lets attackers read files",
        "A remote attacker could exploit the bug; a patch is out.",
    );
}

#[test]
fn roundups_name_attacks_with_bare_words() {
    assert_attack_any_category(
        "Weekly recap: router exploits, payroll breaches and a new botnet",
        "",
    );
    assert_quiet("Pasta recipes: a recap of the week's dishes", "");
}

#[test]
fn categories_follow_the_vocabulary() {
    assert_attack("Record DDoS attack hits gaming platform", "", "ddos");
    assert_attack("Streaming platform suffers DDoS", "", "ddos");
    assert_attack(
        "Gaming servers knocked offline",
        "A DDoS flood peaked at 2 terabits per second.",
        "ddos",
    );
    assert_attack(
        "New infostealer spreads through fake installers",
        "The malware empties browser password stores.",
        "malware",
    );
    assert_attack(
        "Malicious packages found in the npm registry",
        "The typosquatting packages install a backdoor.",
        "supply-chain",
    );
    assert_attack(
        "State-sponsored hackers spied on diplomats",
        "The cyber espionage campaign used spear phishing.",
        "espionage",
    );
    assert_attack(
        "Router flaw actively exploited",
        "Attackers are exploiting the vulnerability in the wild.",
        "exploitation",
    );
    // Stolen card numbers read as a breach or as fraud: the heads may choose either.
    assert_attack_the_rules_file_under(
        "Police dismantle carding forum",
        "Members traded stolen card numbers.",
        Category::Fraud,
    );
    assert_attack(
        "Banks brace for a wave of AI voice fraud",
        "Cloned voices of customers are used to approve payments.",
        "fraud",
    );
}

// ----- negatives, English ----------------------------------------------------------------------

#[test]
fn security_business_is_not_an_attack() {
    assert_quiet(
        "Identity startup raises $40 million in Series B funding",
        "The cybersecurity company will hire engineers.",
    );
    assert_quiet(
        "Network vendor acquires email security firm",
        "The deal closes next quarter.",
    );
    assert_quiet(
        "Vendor launches DDoS protection service",
        "Anti-ransomware and anti-phishing features come bundled.",
    );
    assert_quiet("Startup launches AI tool to detect ransomware", "");
}

#[test]
fn a_business_title_makes_attack_type_names_what_is_sold() {
    assert_quiet(
        "Mail security vendor Quillon sold to private equity for $300 million",
        "Its filters block phishing and ransomware for 4,000 customers.",
    );
    assert_quiet(
        "Ciberdefensa Andina levanta 8 millones en una ronda serie A",
        "La empresa ofrece copias inmutables frente al ransomware y el phishing.",
    );
    assert_quiet(
        "Startup de segurança Sentinela capta R$ 40 milhões em rodada série A",
        "A empresa vende proteção contra ransomware e phishing para hospitais.",
    );
    assert_quiet(
        "Fachmesse in Kornfeld: Aussteller zeigen neue Firewalls",
        "Im Mittelpunkt stehen Schutz vor Ransomware und Phishing-Mails.",
    );
    assert_quiet(
        "L'éditeur Pavois racheté par un fonds d'investissement",
        "Son logiciel détecte l'hameçonnage dans les messageries des PME.",
    );
    // What happened to a victim still counts under a business title.
    assert_attack_any_category(
        "Startup Ledgerly raises $20 million",
        "Last year a ransomware attack encrypted its servers.",
    );
}

#[test]
fn a_scanner_false_alarm_is_not_malware() {
    assert_quiet(
        "Fehlalarm: Virenscanner hält Druckertreiber für Schadsoftware",
        "Tausende Büros konnten stundenlang nicht drucken.",
    );
    assert_quiet(
        "Antivirus false positive flags a payroll app as malware",
        "The vendor pulled the signature within hours.",
    );
    assert_quiet(
        "Faux positif : un antivirus classe un logiciel de comptabilité comme logiciel malveillant",
        "",
    );
}

#[test]
fn patches_without_exploitation_are_not_attacks() {
    assert_quiet(
        "Monthly update fixes 60 flaws",
        "None of the bugs has been exploited.",
    );
    assert_quiet(
        "Firmware bug could allow attackers to take over cameras",
        "A remote attacker could exploit the flaw; no evidence of exploitation was found.",
    );
    assert_quiet(
        "Support for the old release ends in October",
        "Devices will no longer get updates, leaving systems exposed to new flaws and malware.",
    );
    assert_quiet(
        "Why one email address for everything is a bad idea",
        "Reusing identifiers makes it easier for attackers to profile your activity.",
    );
    assert_quiet(
        "What makes a device hackable",
        "Hackable means a system that can be hacked or broken into.",
    );
}

#[test]
fn outages_without_attackers_are_not_attacks() {
    assert_quiet(
        "Faulty update crashes airline check-in machines",
        "The outage lasted four hours; engineers rolled the change back.",
    );
}

#[test]
fn other_senses_of_the_words() {
    assert_quiet("Singer recovering after heart attack", "");
    assert_quiet("Beach closed after shark attack", "");
    assert_quiet(
        "Artillery attack on border town",
        "Troops pushed back the assault.",
    );
    assert_quiet("Supplier sued for breach of contract", "");
    assert_quiet("Flu virus spreads in care homes", "");
    assert_quiet("Ten life hacks for a tidy kitchen", "");
    assert_quiet("Students win the city hackathon", "");
    assert_quiet("Hackers conference opens with a record crowd", "");
    assert_quiet("NetHack turns 40", "");
    assert_quiet("Cyber Monday deals on laptops", "");
    assert_quiet("Start-up plans to exploit a gap in the market", "");
    assert_quiet("Museum shows a model of the Trojan horse", "");
    assert_quiet("Earthworm numbers fall in farm soil", "");
    assert_quiet(
        "Sponsors of this week's show",
        "A hosted spam and virus protection service for your email.",
    );
    assert_quiet(
        "What language designers share",
        "Talking to a group of early Lisp hackers about runtimes.",
    );
}

#[test]
fn word_boundaries_matter() {
    assert_quiet("Fishing shack rebuilt", "");
    assert_quiet("Hackathon winners announced", "");
    assert_quiet("Hackney bus routes change", "");
}

#[test]
fn simulated_or_hypothetical_attacks_are_not_attacks() {
    assert_quiet(
        "Lessons from a red team exercise",
        "The red team compromised the test network during the simulated engagement.",
    );
}

#[test]
fn hackers_as_the_subject_of_what_could_happen_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Router setting left on by default could let hackers in, experts warn",
                "",
            ),
            (
                "Smart lock flaw allows hackers to open doors, study finds",
                "",
            ),
            (
                "Estudio: hackers podrían leer los mensajes de los coches conectados",
                "",
            ),
            (
                "Falha em câmeras: hackers podem ver imagens, alerta pesquisador",
                "",
            ),
            (
                "Des hackers pourraient détourner les bornes de recharge, selon une étude",
                "",
            ),
        ],
    );
    assert_rules(
        true,
        &[(
            "Hackers can't be stopped: they stole the data of 40,000 patients",
            "",
        )],
    );
}

// ----- other languages ------------------------------------------------------------------------

#[test]
fn spanish() {
    assert_attack_any_category("Ciberataque paraliza el ayuntamiento", "");
    assert_attack_any_category("Un hacker robó datos de la universidad", "");
    assert_attack_any_category("Detenido un hacker por acceder a cuentas bancarias", "");
    assert_attack(
        "Hospital afectado por ransomware",
        "Los delincuentes exigen un rescate.",
        "ransomware",
    );
    assert_attack(
        "Los atacantes cifraron los servidores",
        "Exigen un rescate para devolver los datos.",
        "ransomware",
    );
    assert_quiet("La cifra de desempleo baja en marzo", "");
    assert_quiet("El Gobierno aprueba la ley de ciberseguridad", "");
    assert_quiet("Ataque al corazón en pleno partido", "");
    assert_quiet("Ataque de tiburón en la playa", "");
}

#[test]
fn portuguese() {
    assert_attack_any_category("Prefeitura sofre ataque hacker", "");
    assert_attack_any_category("Hacker roubou dados de clientes do banco", "");
    assert_attack(
        "Falha no servidor web é explorada ativamente",
        "A vulnerabilidade está sendo explorada por criminosos.",
        "exploitation",
    );
    assert_quiet(
        "Empresa de cibersegurança anuncia nova rodada de investimento",
        "",
    );
    assert_quiet("Time sofre ataque do adversário no segundo tempo", "");
}

#[test]
fn german() {
    assert_attack_any_category("Cyberangriff auf Stadtwerke", "");
    assert_attack(
        "Kriminelle verschlüsseln Server einer Klinik",
        "Die Erpresser fordern Lösegeld.",
        "ransomware",
    );
    assert_attack(
        "Angreifer erbeuten Kundendaten bei Onlinehändler",
        "",
        "data-breach",
    );
    assert_attack("Phishing-Welle trifft Bankkunden", "", "phishing");
    assert_attack_any_category("Hacker erbeuten Daten von Millionen Kunden", "");
    assert_quiet("Herzinfarkt beim Marathon", "");
    assert_quiet("Angriff der Nationalelf in der zweiten Halbzeit", "");
}

#[test]
fn denial_of_service_needs_a_service_or_an_attack() {
    assert_attack(
        "DDoS legt Webseiten der Stadtverwaltung lahm",
        "Die Angreifer überlasteten die Server stundenlang.",
        "ddos",
    );
    assert_attack("Bank portal hit by DDoS", "", "ddos");
    assert_attack(
        "Ataque DDoS derruba portal do governo",
        "O serviço ficou fora do ar por horas.",
        "ddos",
    );
    assert_quiet(
        "Folge 12: Protestformen",
        "Themen: Flashmobs; ein Supermarkt-DDoS durch Ankündigung; Straßentheater.",
    );
    assert_quiet(
        "Folge 13: Wohnungsbau",
        "Themen: Wärmedämmung; Denial-of-Service-Attacken auf Passivhäuser; Strom sparen.",
    );
    assert_quiet(
        "The holiday rush",
        "Shoppers staged what felt like a denial of service attack on the bakery.",
    );
}

#[test]
fn french() {
    assert_attack_any_category("Cyberattaque contre un hôpital de province", "");
    assert_attack("Une mairie victime d'un rançongiciel", "", "ransomware");
    assert_quiet("Crise cardiaque: attaque cardiaque d'un joueur", "");
    assert_quiet("Attaque de requin au large de la Réunion", "");
}

#[test]
fn korean() {
    assert_attack_any_category("시청 전산망 해킹 피해", "");
    assert_attack("병원 랜섬웨어 감염", "", "ransomware");
    assert_attack("택배 사칭 스미싱 문자 주의", "", "phishing");
    assert_quiet("대학생 해커톤 대회 개최", "");
    assert_quiet("보안 기업, 신규 솔루션 출시", "");
}

// ----- output shape ----------------------------------------------------------------------------

#[test]
fn tags_are_sorted_without_duplicates_and_carry_evidence() {
    let hits = builtin().tag(&TagInput {
        title: "Ransomware gang hits hospital",
        summary: "Ransomware encrypted the hospital's servers.",
        content: "The ransomware crew demands a ransom.",
    });
    let names: Vec<&str> = hits.iter().map(|h| h.tag.as_str()).collect();
    assert_eq!(names, ["cyberattack", "cyberattack:ransomware"]);
    assert!(
        hits[0].evidence.contains("title: \"ransomware\""),
        "{}",
        hits[0].evidence
    );
}

#[test]
fn empty_input_has_no_tags() {
    assert!(builtin().tag(&TagInput::default()).is_empty());
}

#[test]
fn content_counts_when_the_summary_is_short() {
    let content = "The ransomware gang encrypted the clinic's servers.";
    let short = TagInput {
        title: "Clinic update",
        summary: "Read more.",
        content,
    };
    assert!(!builtin().tag(&short).is_empty());
    let abstract_ = "The clinic published its annual report on patient care, staffing and \
        new equipment. It covers waiting times, the opening of two wards, the training of \
        nurses, a new imaging suite, volunteer programmes, and the budget for next year, with \
        thanks to donors and the local council for their continued support of the hospital.";
    let long = TagInput {
        title: "Clinic update",
        summary: abstract_,
        content,
    };
    assert!(abstract_.len() >= 300);
    assert!(builtin().tag(&long).is_empty());
}

#[test]
fn only_the_lead_of_long_content_is_read() {
    let long = format!(
        "{} The ransomware gang struck.",
        "Filler text. ".repeat(200)
    );
    let input = TagInput {
        title: "Gardening tips",
        summary: "",
        content: &long,
    };
    assert!(builtin().tag(&input).is_empty());
}

#[test]
fn a_summary_is_read_as_far_as_its_first_4000_bytes() {
    let filler = "Filler text. ".repeat(280);
    assert!(filler.len() < 4000);
    let near = format!("{filler} The ransomware gang struck.");
    assert_attack_any_category("Gardening tips", &near);
    let far = format!("{filler}{filler} The ransomware gang struck.");
    assert_quiet("Gardening tips", &far);
}

// ----- explain ---------------------------------------------------------------------------------

#[test]
fn explain_names_the_veto() {
    let report = explain("Runner survives heart attack", "");
    assert!(report.starts_with("cyberattack: no"), "{report}");
    assert!(
        report.contains("\"attack\" vetoed by \"heart attack\""),
        "{report}"
    );
}

#[test]
fn explain_shows_what_counted_and_the_category() {
    let report = explain("Phishing wave hits students", "");
    assert!(
        report.contains("cyberattack: yes (category phishing"),
        "{report}"
    );
    assert!(
        report.contains("+ title: \"phishing\" [phishing]"),
        "{report}"
    );
}

#[test]
fn strikers_and_a_product_against_email_compromise_are_no_attack() {
    assert_quiet(
        "Serrano FC aposta em três atacantes para a semifinal",
        "O treinador quer pressão alta desde o início do jogo.",
    );
    // The rules' own veto: the model's score on a product item moves with each retrain.
    assert_rules(
        false,
        &[(
            "Inboxguard adds language models to its mail gateway",
            "The startup's filters catch business email compromise before messages arrive.",
        )],
    );
}

#[test]
fn data_that_turns_up_where_criminals_trade_it_is_a_breach() {
    assert_attack_any_category(
        "Zugangsdaten von 12.000 Kunden eines Reiseportals im Darknet aufgetaucht",
        "",
    );
    assert_attack_any_category(
        "Credenciales de 5.000 clientes de una aseguradora aparecieron en un foro",
        "",
    );
    assert_attack_any_category("Logins of 40,000 gym members surfaced on a crime forum", "");
    assert_quiet(
        "Old photos of the harbour surfaced online this week",
        "A collector found them in an attic.",
    );
}

#[test]
fn theft_of_data_in_more_words() {
    assert_attack_any_category(
        "Vol des données de 300 000 patients : une clinique lyonnaise sanctionnée",
        "",
    );
    assert_attack_any_category(
        "Club Atlético Vallejo avisa a sus socios",
        "La base de datos fue sustraída de la web de abonos.",
    );
    assert_attack_any_category(
        "Paquet npm piégé",
        "La version publiée exfiltrait les jetons des développeurs.",
    );
    assert_attack_any_category(
        "Prise de contrôle du compte d'un développeur de bibliothèques JavaScript",
        "",
    );
    assert_attack_any_category(
        "Hospitais lideram os incidentes de invasão de rede no semestre",
        "",
    );
}

#[test]
fn a_flood_of_malicious_requests_is_a_ddos() {
    assert_attack(
        "La billetterie d'un festival submergée de requêtes malveillantes",
        "",
        "ddos",
    );
    assert_attack(
        "Portal de citas médicas inundado de peticiones maliciosas",
        "",
        "ddos",
    );
}

#[test]
fn locked_files_with_a_demand_and_a_complaint_to_cyber_police() {
    assert_attack_any_category(
        "Una ferretería de Puebla encontró sus archivos bloqueados y una nota que exige un pago",
        "",
    );
    assert_attack_any_category(
        "Inmobiliaria de Mérida",
        "La empresa presentó denuncia ante la Policía Cibernética.",
    );
}

#[test]
fn a_sim_swap_that_empties_a_compound_named_account_is_fraud() {
    assert_attack_the_rules_file_under(
        "Handwerker um 40.000 Euro gebracht",
        "Die Täter ließen eine Ersatz-SIM aktivieren und räumten sein Firmenkonto leer.",
        Category::Fraud,
    );
}

#[test]
fn a_denial_after_the_attack_word_and_a_ransom_for_a_freed_person() {
    assert_quiet(
        "Kfz-Zulassung im Landkreis Elmwald stundenlang offline",
        "Ursache war ein fehlerhaftes Update. Hinweise auf einen Cyberangriff gibt es nicht.",
    );
    assert_quiet(
        "Pane no sistema de triagem do Hospital de Vale Fundo: direção exclui ciberataque",
        "",
    );
    assert_quiet(
        "Liberado un ganadero secuestrado por el que exigían un rescate en bitcoins",
        "",
    );
    assert_quiet(
        "Grupo Horizonte compra la consultora Muralla por 40 millones",
        "Su servicio estrella protege a bancos del ransomware.",
    );
    assert_quiet(
        "Wachtwerk sammelt 12 Millionen Euro ein",
        "Das Start-up schützt Praxen vor Ransomware.",
    );
}

#[test]
fn fake_pages_calls_listings_and_payment_forms() {
    assert_attack_any_category(
        "Kunden einer Sparkasse geben Zugangsdaten auf nachgebauter Seite ein",
        "",
    );
    assert_attack_any_category(
        "Alerta por una página falsa de la Agencia Tributaria que pide los datos de la tarjeta",
        "",
    );
    assert_attack_any_category(
        "Falsas llamadas de tu banco: así piden las claves para anular un cargo",
        "",
    );
    assert_attack_any_category("Police warn of a surge in fake rental listings online", "");
    assert_attack_any_category(
        "Des boutiques en ligne affichaient un faux formulaire de paiement",
        "",
    );
}

#[test]
fn encrypting_for_bitcoins_and_access_without_permission() {
    assert_attack_any_category(
        "Detenido un joven que cifraba los ordenadores de talleres y pedía bitcoins",
        "",
    );
    assert_attack_any_category(
        "Una academia avisa a sus alumnos: alguien accedió sin permiso a sus expedientes",
        "",
    );
    assert_quiet(
        "Vecinos denuncian que la obra se levantó sin permiso municipal",
        "",
    );
}

#[test]
fn an_executive_impersonated_to_move_money_is_fraud() {
    assert_attack_the_rules_file_under(
        "Cae una red que se hacía pasar por gerentes de empresas",
        "Ordenaban transferencias urgentes a cuentas en el extranjero.",
        Category::Fraud,
    );
    assert_quiet("Actor posed as a CEO in the new season of the drama", "");
}

#[test]
fn malicious_traffic_and_data_offered_in_french() {
    assert_attack(
        "Billetterie de la foire de Vassieux inaccessible à cause d'un trafic malveillant",
        "",
        "ddos",
    );
    assert_quiet(
        "Un pare-feu qui filtre le trafic malveillant pour les PME",
        "",
    );
    assert_attack_any_category(
        "Le fichier des adhérents d'un club de tennis proposé sur un forum",
        "",
    );
}

#[test]
fn an_attack_in_one_sentence_of_a_general_story() {
    assert_attack_any_category(
        "Gym chain Pulsar raises membership fees",
        "Meanwhile a file of 300,000 members taken from its systems is offered on an underground forum.",
    );
    assert_attack_any_category(
        "Sportverein Talheim verschiebt den Kartenverkauf",
        "Die Ticketserver seien gezielt mit Millionen Anfragen geflutet worden.",
    );
    assert_attack_any_category(
        "Skischule am Hochjoch zahlt Strafe nach Diebstahl von Gästedaten durch Kriminelle",
        "",
    );
    assert_attack_any_category(
        "El instituto Sierra Alta escribe a las familias",
        "Una persona ajena al centro entró en la plataforma de notas y copió datos de 900 alumnos.",
    );
    assert_attack_any_category(
        "Câmara de Vale Escuro adia reunião",
        "Alguém invadiu o servidor da autarquia e apagou as atas do último ano.",
    );
}

#[test]
fn a_flaw_taken_advantage_of_is_exploitation() {
    assert_attack_any_category(
        "Politécnico retoma as aulas",
        "Criminosos aproveitaram uma falha no servidor de VPN para entrar na rede.",
    );
    assert_attack_any_category(
        "Council audit",
        "Auditors found intruders got into the permits portal through a flaw in its file-transfer software.",
    );
    assert_quiet(
        "Researchers say attackers could take advantage of a flaw in the router",
        "No attacks have been seen.",
    );
}

#[test]
fn a_page_that_imitates_another_and_takes_logins_is_phishing() {
    assert_attack_any_category(
        "Hospital staff handed their logins to a convincing fake IT helpdesk page",
        "",
    );
    assert_attack_any_category(
        "Estudiantes entregaron su usuario y contraseña en una página que imitaba el portal del campus",
        "",
    );
    // The rules' side only: the model scores this close call near its rescue line, and a
    // retrain moves it across.
    assert_rules(
        false,
        &[(
            "A fake news website took on the look of a national paper",
            "Readers were asked to log in to comment, the regulator said.",
        )],
    );
}

#[test]
fn reading_a_partners_mail_without_permission_is_an_intrusion() {
    assert_attack_any_category(
        "Condenado por malos tratos",
        "También entró en el correo electrónico de su expareja sin su permiso para leer sus mensajes.",
    );
    assert_attack_any_category(
        "Un quadragénaire condamné",
        "Il se connectait à l'insu de son ex-compagne à sa boîte de courriel.",
    );
}

#[test]
fn a_page_replaced_by_insults_is_a_defacement() {
    assert_attack_any_category(
        "Partido Verde de Almendra",
        "Alguien se coló en la página web del partido y la sustituyó por un mensaje insultante.",
    );
}

// ----- configuration -------------------------------------------------------------------------

#[test]
fn documented_example_compiles() {
    /// The example of the syntax documentation in config.rs, as a whole configuration file.
    const EXAMPLE: &str = r#"
[tagging.cyberattack]
terms = ["cyber heist"]
exclude = ["attack surface management"]
unless = ["tabletop exercise"]

[[tagging.cyberattack.rules]]
category = "fraud"
terms = ["skimmer*"]
near = ["card*", "@online"]
not_near = ["fishing"]
window = 8
unless = ["simulated"]
unless_in_title = ["startup*"]
only_if = ["bank*"]
weight = 2
hint = false

[tagging.tags.mexico]
terms = ["mexico", "mexican*"]
exclude = ["new mexico"]

[tagging.tags.mexico.lists]
cities = ["guadalajara", "monterrey"]
"#;
    #[derive(serde::Deserialize)]
    struct File {
        tagging: TaggingConfig,
    }
    let file: File = toml::from_str(EXAMPLE).expect("the documented example parses");
    let tagger = Tagger::from_config(&file.tagging).expect("the documented example compiles");
    assert_eq!(tags_of(&tagger, "Tour of México City", ""), ["mexico"]);
}

#[test]
fn user_term_makes_an_item_positive() {
    let title = "Thieves pull off a digital bank job";
    assert_quiet(title, "");
    let tagger = Tagger::from_config(&config("[cyberattack]\nterms = [\"digital bank job\"]\n"))
        .expect("valid configuration");
    // No rule names a category: the category heads choose one.
    let tags = tags_of(&tagger, title, "");
    assert_eq!(tags.len(), 2, "{tags:?}");
    assert_eq!(tags[0], "cyberattack");
    assert!(tags[1].starts_with("cyberattack:"), "{tags:?}");
}

#[test]
fn user_rule_with_category_and_context() {
    // The rules alone: a one-phrase hit through context is the model's to veto, and what the
    // trained model makes of cash traps is not this test's subject.
    let tagger = Tagger::from_config(&config(
        "[[cyberattack.rules]]\ncategory = \"fraud\"\nterms = [\"cash trap*\"]\nnear = [\"atm*\"]\n",
    ))
    .expect("valid configuration")
    .with_model(None);
    assert_eq!(
        tags_of(&tagger, "Cash traps found on ATMs downtown", ""),
        ["cyberattack", "cyberattack:fraud"]
    );
    assert!(
        tags_of(
            &tagger,
            "Cash traps for tourists: a guide to city prices",
            ""
        )
        .is_empty()
    );
}

#[test]
fn user_exclusion_vetoes() {
    let title = "Attack surface management vendor opens office";
    let summary = "It maps the cyber attack vectors of its clients.";
    let base = tags(title, "It protects cyber attack targets.");
    assert!(!base.is_empty(), "the built-in rules alone fire here");
    let tagger = Tagger::from_config(&config(
        "[cyberattack]\nexclude = [\"cyber attack targets\", \"cyber attack vectors\"]\n",
    ))
    .expect("valid configuration");
    assert!(tags_of(&tagger, title, "It protects cyber attack targets.").is_empty());
    assert!(tags_of(&tagger, title, summary).is_empty());
}

#[test]
fn user_defined_tag() {
    let tagger = Tagger::from_config(&config(
        "[tags.mexico]\nterms = [\"mexico\", \"mexican*\"]\nexclude = [\"new mexico\"]\n",
    ))
    .expect("valid configuration");
    assert_eq!(tags_of(&tagger, "Elections in México", ""), ["mexico"]);
    assert!(tags_of(&tagger, "Wildfires in New Mexico", "").is_empty());
    assert_eq!(
        tags_of(&tagger, "Mexican ministry hit by ransomware", ""),
        ["cyberattack", "cyberattack:ransomware", "mexico"]
    );
}

#[test]
fn user_item_conditions() {
    let tagger = Tagger::from_config(&config(
        "[[tags.wire.rules]]\nterms = [\"wire*\"]\nonly_if = [\"bank*\"]\nunless = [\"electric*\"]\n",
    ))
    .expect("valid configuration");
    assert_eq!(
        tags_of(&tagger, "Wire transfer held", "The bank froze it."),
        ["wire"]
    );
    assert!(tags_of(&tagger, "Wire transfer held", "").is_empty());
    assert!(tags_of(&tagger, "Bank wire", "The electrician fixed a wire.").is_empty());
}

#[test]
fn user_title_conditions() {
    let tagger = Tagger::from_config(&config(
        "[[tags.wire.rules]]\nterms = [\"wire*\"]\nunless_in_title = [\"electric*\"]\n",
    ))
    .expect("valid configuration");
    assert_eq!(
        tags_of(&tagger, "Bank news", "A wire transfer was held."),
        ["wire"]
    );
    assert!(tags_of(&tagger, "Electricians' guide", "Strip the wire first.").is_empty());
    assert!(tags_of(&tagger, "Electric wire prices rise", "").is_empty());
    // Only the title rules a rule out: the same word in the body does not.
    assert_eq!(
        tags_of(&tagger, "Wire fraud charges", "An electrician was charged."),
        ["wire"]
    );
}

#[test]
fn user_blocks_that_wait_for_an_item_word() {
    let tagger = Tagger::from_config(&config(
        "[[tags.leak.rules]]\nterms = [\"leak*\"]\nnot_near_when = [\"rumour*\"]\n\
         when_item_has = [\"denies\"]\n",
    ))
    .expect("valid configuration");
    // A rumour alone does not block: what is alleged counts.
    assert_eq!(
        tags_of(&tagger, "Rumours of a leak at the mill", ""),
        ["leak"]
    );
    // In an item with the item word, it blocks the match it is near...
    assert!(
        tags_of(
            &tagger,
            "Rumours of a leak at the mill",
            "The owner denies it."
        )
        .is_empty()
    );
    // ...and only that one.
    assert_eq!(
        tags_of(
            &tagger,
            "Rumours of a leak at the mill",
            "The owner denies it, but inspectors found a leak downstream."
        ),
        ["leak"]
    );
}

#[test]
fn hint_rules_steer_the_category_only() {
    let tagger = Tagger::from_config(&config(
        "[[cyberattack.rules]]\ncategory = \"ddos\"\nhint = true\nweight = 10\nterms = [\"flood*\"]\n",
    ))
    .expect("valid configuration");
    assert!(tags_of(&tagger, "River floods the valley", "").is_empty());
    assert_eq!(
        tags_of(
            &tagger,
            "Bank hit by cyberattack",
            "Traffic floods took the site down."
        ),
        ["cyberattack", "cyberattack:ddos"]
    );
}

#[test]
fn user_sections_may_use_builtin_lists() {
    let tagger = Tagger::from_config(&config(
        "[[tags.outage.rules]]\nterms = [\"outage*\"]\nnear = [\"@cyber\"]\n",
    ))
    .expect("valid configuration");
    assert_eq!(tags_of(&tagger, "Cloud outage hits shops", ""), ["outage"]);
    assert!(tags_of(&tagger, "Power outage hits the town", "").is_empty());
}

#[test]
fn rule_errors_point_at_the_bad_value() {
    let (error, at) = rule_error("[cyberattack]\nterms = [\"ok\", \"  \"]\n");
    assert_eq!(at, "\"  \"");
    assert!(error.message.contains("no letters"), "{error}");

    let (error, at) = rule_error("[cyberattack]\nexclude = [\"cy*ber\"]\n");
    assert_eq!(at, "\"cy*ber\"");
    assert!(error.message.contains('*'), "{error}");

    let (error, at) =
        rule_error("[[cyberattack.rules]]\ncategory = \"worms\"\nterms = [\"worm\"]\n");
    assert_eq!(at, "\"worms\"");
    assert!(error.message.contains("unknown category"), "{error}");

    let (_, at) = rule_error("[[cyberattack.rules]]\nterms = [\"x1\"]\nwindow = 99\n");
    assert_eq!(at, "99");

    let (_, at) = rule_error("[[cyberattack.rules]]\nterms = [\"x1\"]\nweight = -1\n");
    assert_eq!(at, "-1");

    let (_, at) = rule_error("[[cyberattack.rules]]\nterms = [\"x1\"]\nnear = [\"@nowhere\"]\n");
    assert_eq!(at, "\"@nowhere\"");

    let (_, at) = rule_error("[tags.Bad_Name]\nterms = [\"x1\"]\n");
    assert_eq!(at, "Bad_Name");

    let (_, at) = rule_error("[tags.cyberattack]\nterms = [\"x1\"]\n");
    assert_eq!(at, "cyberattack");

    let (error, at) = rule_error("[[tags.mine.rules]]\ncategory = \"fraud\"\nterms = [\"x1\"]\n");
    assert_eq!(at, "\"fraud\"");
    assert!(
        error.message.contains("only the cyberattack tag"),
        "{error}"
    );

    let (error, _) = rule_error("[[cyberattack.rules]]\nnear = [\"x1\"]\n");
    assert!(error.message.contains("at least one term"), "{error}");

    let (error, _) =
        rule_error("[[tags.mine.rules]]\nterms = [\"x1\"]\nnot_near_when = [\"x2\"]\n");
    assert!(error.message.contains("when_item_has"), "{error}");
}

// ----- robustness ------------------------------------------------------------------------------

proptest::proptest! {
    #[test]
    fn any_text_tags_without_panic(
        title in "\\PC{0,80}",
        summary in "\\PC{0,200}",
        content in "\\PC{0,400}",
    ) {
        let input = TagInput { title: &title, summary: &summary, content: &content };
        let hits = builtin().tag(&input);
        let names: Vec<&str> = hits.iter().map(|h| h.tag.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        proptest::prop_assert_eq!(names, sorted);
        let report = builtin().explain(&input);
        proptest::prop_assert!(report.starts_with("cyberattack: "));
    }

    #[test]
    fn attack_words_among_any_numbers_still_tag(
        prefix in "[0-9 .,]{0,40}",
        suffix in "[0-9 .,]{0,40}",
    ) {
        let title = format!("{prefix} . Ransomware gang strikes . {suffix}");
        let input = TagInput { title: &title, summary: "", content: "" };
        let hits = builtin().tag(&input);
        proptest::prop_assert!(hits.iter().any(|h| h.tag == CYBERATTACK), "{}", title);
    }
}

#[test]
fn malicious_hackers_named_as_such_are_actors() {
    assert_attack_any_category(
        "A former black hat hacker on his years in the underground",
        "",
    );
    assert_attack_any_category(
        "Interview",
        "How a criminal hacker group recruits teenagers.",
    );
    assert_quiet("Black Hat conference opens with a keynote on hiring", "");
}

#[test]
fn exploits_aimed_at_targets_are_attacks() {
    assert_attack_the_rules_file_under(
        "Exploit kits target home routers across Europe",
        "",
        Category::Exploitation,
    );
    assert_quiet("How to exploit market gaps to target new customers", "");
}

#[test]
fn cybercrime_as_a_growing_threat_is_the_subject() {
    assert_attack_any_category("Police warn of a cybercrime surge before the holidays", "");
    assert_attack_any_category("New platform raises cybercrime concerns", "");
    assert_quiet("Parliament debates a cybercrime convention", "");
}

// ----- event frames, scams, names and denials in five languages (rules alone) ----------------

fn rules_only() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| Tagger::builtin().with_model(None))
}

fn rules_say(title: &str, summary: &str) -> bool {
    tags_of(rules_only(), title, summary)
        .first()
        .is_some_and(|t| t == CYBERATTACK)
}

fn assert_rules(expected: bool, cases: &[(&str, &str)]) {
    for (title, summary) in cases {
        assert_eq!(
            rules_say(title, summary),
            expected,
            "{title} / {summary}\n{}",
            rules_only().explain(&TagInput {
                title,
                summary,
                content: ""
            })
        );
    }
}

#[test]
fn taking_accounts_data_or_funds_is_an_attack_in_every_language() {
    assert_rules(
        true,
        &[
            ("Browser add-on was quietly stealing shoppers' sessions", ""),
            (
                "Una extensión robaba las contraseñas de los usuarios de banca",
                "",
            ),
            ("Aplicativo falso roubava senhas de correntistas", ""),
            (
                "Betrüger greifen Zugangsdaten von Bankkunden ab",
                "Die Täter haben Zugangsdaten abgegriffen.",
            ),
            (
                "Une fausse application volait les identifiants des clients",
                "",
            ),
        ],
    );
}

#[test]
fn a_stolen_laptop_or_a_taken_car_is_no_breach() {
    assert_rules(
        false,
        &[
            (
                "Des ordinateurs portables volés dans la voiture d'un médecin",
                "",
            ),
            ("Roban un coche con los datos del GPS encendidos", ""),
        ],
    );
}

#[test]
fn intrusion_verbs_count_when_the_item_names_who_did_it() {
    assert_rules(
        true,
        &[
            (
                "Unbekannte lasen monatelang in Postfächern der Verwaltung mit",
                "",
            ),
            ("Criminosos invadiram os sistemas da prefeitura", ""),
            (
                "Des inconnus ont modifié les comptes de la mairie",
                "Des inconnus ont modifié les comptes de messagerie.",
            ),
        ],
    );
    assert_rules(
        false,
        &[("The city changed its payment systems last year", "")],
    );
}

#[test]
fn online_scams_are_fraud_and_other_scams_are_not_tagged() {
    assert_rules(
        true,
        &[
            ("Estafadores envían SMS falsos en nombre de Correos", ""),
            ("Golpe do Pix faz novas vítimas pelo WhatsApp", ""),
            (
                "Betrüger verschicken Nachrichten im Namen von Paketdiensten per SMS",
                "",
            ),
            ("Arnaque au colis : de faux SMS circulent", ""),
        ],
    );
    assert_rules(
        false,
        &[
            ("Golpe de Estado em país africano preocupa a ONU", ""),
            ("Fake news sites spread rumours about the election", ""),
        ],
    );
}

#[test]
fn an_explicit_denial_vetoes_the_attack_word_it_denies() {
    assert_rules(
        false,
        &[
            ("Signalling fault, not a cyberattack, halted trains", ""),
            (
                "La caída de los cajeros fue un error informático, no un hackeo",
                "",
            ),
            ("Stadtwerke schließen Cyberangriff aus", ""),
            (
                "Ausfall des Notrufs: kein Hackerangriff, sondern ein Wartungsfehler",
                "",
            ),
            ("Panne des paiements : un bug, pas un piratage", ""),
        ],
    );
    // Other evidence still fires: a denial reaches only its own words.
    assert_rules(
        true,
        &[(
            "Not a cyberattack, says council, but ransomware encrypted its servers",
            "",
        )],
    );
}

#[test]
fn threat_actor_names_distinctive_alone_ambiguous_with_an_attacker_word() {
    assert_rules(true, &[("LockBit lists a regional hospital", "")]);
    assert_rules(true, &[("Akira ransomware hits a university", "")]);
    assert_rules(
        false,
        &[
            ("Akira Kurosawa retrospective opens in Paris", ""),
            ("Play Store adds a new games section", ""),
        ],
    );
}

#[test]
fn exploitation_told_in_spanish_portuguese_german_and_french() {
    assert_rules(
        true,
        &[
            (
                "Google corrige falha de dia zero explorada ativamente no Chrome",
                "",
            ),
            ("Atacantes explotan una vulnerabilidad en firewalls", ""),
            (
                "Angreifer nutzen Sicherheitslücke in VPN-Geräten aus",
                "Die Schwachstelle wird ausgenutzt.",
            ),
        ],
    );
    assert_rules(
        false,
        &[(
            "Microsoft corrige 60 vulnerabilidades; nenhuma foi explorada",
            "",
        )],
    );
}

// ----- the second stage ---------------------------------------------------------------------

#[test]
fn the_shipped_model_loads() {
    assert!(model::Model::from_bytes(BUILTIN_MODEL).is_ok());
    assert!(builtin().model_score(&TagInput::default()).is_some());
}

#[test]
fn the_model_rescues_only_a_near_miss_and_vetoes_only_one_or_two_phrases() {
    let t = Thresholds::SHIPPED;
    let near_miss = RuleEvidence {
        near_misses: 1,
        ..RuleEvidence::default()
    };
    assert_eq!(model_verdict(near_miss, 0.99, t), ModelVerdict::Rescued);
    assert_eq!(
        model_verdict(RuleEvidence::default(), 0.99, t),
        ModelVerdict::Agrees
    );
    assert_eq!(model_verdict(near_miss, 0.5, t), ModelVerdict::Agrees);
    let weak = RuleEvidence {
        fired: 1,
        through_context: true,
        ..RuleEvidence::default()
    };
    assert_eq!(model_verdict(weak, 0.01, t), ModelVerdict::Vetoed);
    let strong = RuleEvidence {
        fired: 1,
        ..RuleEvidence::default()
    };
    assert_eq!(model_verdict(strong, 0.15, t), ModelVerdict::Agrees);
    assert_eq!(model_verdict(strong, 0.05, t), ModelVerdict::Vetoed);
    let two = RuleEvidence {
        fired: 2,
        through_context: true,
        ..RuleEvidence::default()
    };
    assert_eq!(model_verdict(two, 0.1, t), ModelVerdict::Agrees);
    assert_eq!(model_verdict(two, 0.01, t), ModelVerdict::Vetoed);
    let three = RuleEvidence {
        fired: 3,
        ..RuleEvidence::default()
    };
    assert_eq!(model_verdict(three, 0.0, t), ModelVerdict::Agrees);
}

/// The second stage's features of an item with this title alone.
fn title_features(title: &str) -> Vec<u32> {
    model_features(&TagInput {
        title,
        summary: "",
        content: "",
    })
}

/// A tiny model, trained here, that likes the word "mailboxes".
fn tiny_model() -> model::Model {
    let example = |title: &str, positive: bool| (title_features(title), positive);
    let data = [
        example("mailboxes read by strangers", true),
        example("mailboxes of the council read for months", true),
        example("strangers read mailboxes at the ministry", true),
        example("new phone released", false),
        example("council approves budget", false),
        example("ministry opens new office", false),
    ];
    model::train(
        &data,
        &model::TrainOptions {
            dim: model::MIN_DIM,
            ..model::TrainOptions::default()
        },
    )
}

#[test]
fn a_tiny_model_rescues_a_near_miss_and_explain_shows_its_score() {
    let tagger = Tagger::builtin().with_model(Some(tiny_model()));
    // "attack" without a cyber word nearby is a near miss the rules do not count.
    let input = TagInput {
        title: "Attack on council mailboxes went on for months",
        summary: "",
        content: "",
    };
    assert_eq!(rules_only().rule_evidence(&input).fired, 0);
    let hits = tagger.tag(&input);
    let tag = hits
        .iter()
        .find(|h| h.tag == CYBERATTACK)
        .unwrap_or_else(|| panic!("rescued: {}", tagger.explain(&input)));
    assert!(tag.evidence.contains("model score"), "{}", tag.evidence);
    assert!(
        tagger
            .explain(&input)
            .contains("gives the tag the rules did not")
    );
}

#[test]
fn every_phrase_of_one_rule_counts_as_evidence() {
    // "locked" and "unlock" are terms of one rule: the second stage weighs two phrases, as
    // explain shows them, not the rule's first match alone.
    let input = TagInput {
        title: "Library notice",
        summary: "Its payment desks stay locked, and the criminals behind it want money to \
                  unlock them.",
        content: "",
    };
    assert_eq!(rules_only().rule_evidence(&input).fired, 2);
}

#[test]
fn explain_gives_the_verdict_tag_gives_on_probe_items() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/probes");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the probe fixtures")
        .map(|entry| entry.expect("a probe file").path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut compared = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a readable probe file");
        for line in text.lines() {
            let item: serde_json::Value = serde_json::from_str(line).expect("a probe line");
            let input = TagInput {
                title: item["title"].as_str().unwrap_or_default(),
                summary: item["summary"].as_str().unwrap_or_default(),
                content: "",
            };
            let tagged = builtin().tag(&input).iter().any(|h| h.tag == CYBERATTACK);
            let report = builtin().explain(&input);
            let explained = report.starts_with("cyberattack: yes");
            assert_eq!(
                tagged,
                explained,
                "{}: {}\n{report}",
                path.display(),
                input.title
            );
            compared += 1;
        }
    }
    assert!(compared > 1000, "only {compared} probe items compared");
}

#[test]
fn the_shipped_category_heads_load_and_name_every_category() {
    let heads = heads::Heads::from_static(BUILTIN_CATEGORIES).expect("the shipped heads load");
    let names: Vec<&str> = heads.names().iter().map(String::as_str).collect();
    let all: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(names, all);
}

/// Tiny category heads, trained here: "wallet" is fraud, "encrypted" ransomware.
fn tiny_heads() -> heads::Heads {
    let example = |title: &str, category: Category| (title_features(title), category.index());
    let data = [
        example("wallet emptied overnight", Category::Fraud),
        example("crooks drain a wallet", Category::Fraud),
        example("wallet of a pensioner drained", Category::Fraud),
        example("files encrypted at the clinic", Category::Ransomware),
        example("servers encrypted overnight", Category::Ransomware),
        example("encrypted systems at the council", Category::Ransomware),
    ];
    let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
    let options = model::TrainOptions {
        dim: model::MIN_DIM,
        epochs: 30,
        ..model::TrainOptions::default()
    };
    heads::train(&data, &names, &options).expect("heads")
}

#[test]
fn category_heads_choose_where_the_rules_name_no_category_and_explain_says_so() {
    // "hackers" fires but names no category: the rules alone file the item under "other".
    let input = TagInput {
        title: "Hackers empty the wallet of a pensioner",
        summary: "",
        content: "",
    };
    let category = |tagger: &Tagger| {
        tagger
            .tag(&input)
            .into_iter()
            .find(|hit| hit.tag.starts_with("cyberattack:"))
            .map(|hit| (hit.tag, hit.evidence))
    };
    let rules = Tagger::builtin().with_categories(None);
    assert_eq!(rules.rule_category(&input), None);
    assert_eq!(
        category(&rules).map(|c| c.0).as_deref(),
        Some("cyberattack:other")
    );
    let tagger = Tagger::builtin().with_categories(Some(tiny_heads()));
    let (tag, evidence) = category(&tagger).expect("a category");
    assert_eq!(tag, "cyberattack:fraud", "{}", tagger.explain(&input));
    assert!(evidence.contains("category model"), "{evidence}");
    let report = tagger.explain(&input);
    assert!(report.contains("(category fraud)"), "{report}");
    assert!(report.contains("category model: fraud"), "{report}");
}

#[test]
fn explain_names_the_bonus_of_the_category_a_rule_chose() {
    let input = TagInput {
        title: "Ransomware gang empties a wallet",
        summary: "",
        content: "",
    };
    let tagger = Tagger::builtin().with_categories(Some(tiny_heads()));
    assert_eq!(tagger.rule_category(&input), Some(Category::Ransomware));
    let report = tagger.explain(&input);
    assert!(
        report.contains("the rules' ransomware gets 0.20 more"),
        "{report}"
    );
}

// ----- third probe batch: classes of words the rules lacked -----------------------------------

#[test]
fn unauthorised_access_is_an_attack_in_every_language() {
    for (title, summary) in [
        (
            "La cadena de tiendas Norvia informa de un acceso indebido a su base de clientes",
            "",
        ),
        (
            "Clube avisa sócios sobre acesso indevido aos sistemas da secretaria",
            "",
        ),
        (
            "Stadtwerke melden unberechtigten Zugriff auf Kundendaten",
            "",
        ),
        (
            "La mutuelle Solvéa signale un accès frauduleux à son espace adhérents",
            "",
        ),
    ] {
        assert_attack_any_category(title, summary);
    }
}

#[test]
fn ceo_fraud_and_ransomware_have_their_names_in_each_language() {
    assert_attack(
        "Burla do falso CEO: distribuidora transferiu 300 mil euros",
        "",
        "fraud",
    );
    assert_attack(
        "Chef-Masche: Maschinenbauer überweist 250.000 Euro nach Hongkong",
        "",
        "fraud",
    );
    assert_attack(
        "Un secuestro informático obliga al hospital comarcal a trabajar en papel",
        "",
        "ransomware",
    );
}

#[test]
fn taking_advantage_of_a_flaw_is_exploitation() {
    assert_attack(
        "Los atacantes aprovechan una vulnerabilidad del gestor documental para entrar en ayuntamientos",
        "",
        "exploitation",
    );
}

#[test]
fn an_attack_or_a_leak_ruled_out_by_name_is_no_attack() {
    for (title, summary) in [
        (
            "Falha na rede deixa a ilha sem telemóvel; operadora afasta ciberataque",
            "",
        ),
        (
            "El metro descarta un ciberataque tras la caída de las máquinas de billetes",
            "",
        ),
        (
            "Kein Datenleck: Mitgliederliste stammte aus einem öffentlichen Register",
            "",
        ),
        (
            "«No ha habido ningún ataque informático», dice la universidad tras la caída del campus",
            "",
        ),
    ] {
        assert_quiet(title, summary);
    }
}

#[test]
fn millions_of_customers_are_people_not_money() {
    assert_attack(
        "Hackers stole the data of 15 million customers of the Norvale telecom",
        "",
        "data-breach",
    );
}

#[test]
fn a_group_tied_to_a_state_steers_the_category_to_espionage() {
    assert_attack(
        "Mint Sandstorm hackers breached the network of a research institute",
        "",
        "espionage",
    );
    assert_attack_the_rules_file_under(
        "Staatshacker: Cyberangriff auf das Netz eines Stromnetzbetreibers",
        "",
        Category::Espionage,
    );
}

// ----- fourth probe batch: defences sold by the attack they stop, theft by hand -----------

#[test]
fn a_product_or_an_investment_against_an_attack_type_is_no_attack() {
    for (title, summary) in [
        (
            "Backup start-up promises to undo a ransomware infection in minutes",
            "",
        ),
        (
            "La empresa lanza un escudo que promete frenar el ransomware",
            "",
        ),
        (
            "La pépite rennaise lève 20 millions face aux rançongiciels",
            "",
        ),
        (
            "Fintech recebe aporte de R$ 60 milhões para combater o phishing",
            "",
        ),
    ] {
        assert_quiet(title, summary);
    }
}

#[test]
fn crypto_taken_by_hand_is_no_breach() {
    assert_quiet(
        "Masked gang steals crypto wallets and cash from an ATM operator's van",
        "",
    );
}

#[test]
fn copied_passwords_and_a_raided_hot_wallet_are_attacks() {
    assert_attack_any_category(
        "Una extensión de traducción copiaba las contraseñas de 50.000 usuarios",
        "",
    );
    assert_attack_any_category(
        "Corretora suspende levantamentos após ataque à carteira quente",
        "",
    );
}

#[test]
fn how_to_defend_against_an_attack_is_the_threat_as_subject() {
    // The definition's own example: the threat itself is the subject.
    assert_attack_any_category("How to defend against phishing attacks", "");
    assert_attack_any_category(
        "Cómo protegerse del ransomware que ataca a los hospitales",
        "",
    );
}

#[test]
fn a_stealer_that_steals_data_is_malware() {
    assert_attack(
        "New infostealer malware steals passwords and session cookies from browsers",
        "",
        "malware",
    );
}

#[test]
fn a_fake_bank_employee_moving_money_through_an_app_is_fraud() {
    assert_attack(
        "Faux conseiller bancaire : un retraité valide des virements sur son appli et perd 30 000 euros",
        "",
        "fraud",
    );
    assert_attack(
        "Falso gestor del banco convence a una vecina para instalar una app y le vacía la cuenta",
        "",
        "fraud",
    );
}

// ----- a fifth probe batch's families: denials, business, exercises, frames (rules alone) -----

#[test]
fn a_denial_after_no_evidence_or_no_indication_vetoes_the_attack_word() {
    assert_rules(
        false,
        &[
            (
                "Ferry bookings down for a day",
                "The operator said there was no evidence of any cyber incident.",
            ),
            (
                "Störung im Bürgerbüro von Haldenbach behoben: Kein Hinweis auf Cyberangriff",
                "",
            ),
            (
                "Sistema de bilhetagem volta a funcionar",
                "A concessionária garantiu que não houve qualquer ciberataque.",
            ),
            (
                "Cooling failure, not ransomware, took the clinic's servers down",
                "",
            ),
        ],
    );
    assert_rules(
        true,
        &[(
            "Clinic confirms ransomware after days of saying it was a cooling failure",
            "",
        )],
    );
}

#[test]
fn security_business_that_names_an_attack_type_is_not_an_attack() {
    assert_rules(
        false,
        &[
            (
                "Backup vendor Stellwerk buys anti-phishing start-up Quellmark",
                "",
            ),
            (
                "Abwehrspezialist Nordlicht steigert Umsatz",
                "Gefragt waren vor allem Filter gegen Ransomware.",
            ),
            (
                "Lumbrera capta 8 millones para su formación contra el phishing",
                "",
            ),
            (
                "Vigia Digital abre 50 vagas em conscientização contra ransomware",
                "",
            ),
            (
                "Le chiffre d'affaires de Rempart grimpe",
                "Les solutions contre les rançongiciels ont tiré les ventes.",
            ),
        ],
    );
    assert_rules(
        true,
        &[(
            "Backup vendor Stellwerk says ransomware encrypted its own servers",
            "",
        )],
    );
}

#[test]
fn exercises_fictional_scenarios_and_commissioned_intrusion_tests_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Water board holds ransomware tabletop for its engineers",
                "",
            ),
            (
                "Exercice à l'hôpital de Brenne : un scénario fictif de rançongiciel",
                "",
            ),
            (
                "Des hackers éthiques ont pénétré le réseau de la mutuelle",
                "Ce test d'intrusion était commandé par la direction.",
            ),
            (
                "Krisenübung im Landratsamt: Verschlüsselungstrojaner als Planspiel",
                "",
            ),
        ],
    );
}

#[test]
fn a_sim_swap_or_a_faked_executive_told_without_the_words_is_fraud() {
    assert_rules(
        true,
        &[
            (
                "Her number went to a new SIM and her bank accounts were emptied overnight",
                "",
            ),
            (
                "Nach Ersatz-SIM: Unbekannte räumen Konten eines Handwerkers leer",
                "",
            ),
            ("Golpe do novo chip: vítima perde R$ 40 mil da conta", ""),
            (
                "Falscher Geschäftsführer am Telefon: Firma überweist 300.000 Euro",
                "",
            ),
            (
                "Deepfake of the finance director gets a clerk to wire $2m",
                "",
            ),
        ],
    );
    assert_rules(
        false,
        &[
            ("Carrier's new SIM plan adds data at no extra cost", ""),
            ("Senate debates a bill on deepfake images in adverts", ""),
        ],
    );
}

#[test]
fn a_website_showing_someone_elses_message_is_a_defacement() {
    assert_rules(
        true,
        &[
            (
                "La web del ayuntamiento de Torrealba mostró consignas en lugar de la agenda",
                "",
            ),
            (
                "Startseite des Sportvereins zeigte Parolen statt Spielplan",
                "",
            ),
            (
                "Le site de l'office de tourisme remplacé par des slogans",
                "",
            ),
        ],
    );
    assert_rules(
        false,
        &[(
            "Website shows a maintenance notice instead of the timetable",
            "",
        )],
    );
}

#[test]
fn a_warning_about_messages_that_lead_to_a_fake_page_is_phishing() {
    assert_rules(
        true,
        &[
            (
                "Sparverein warnt vor Mails",
                "Der Link führt auf eine gefälschte Anmeldeseite.",
            ),
            (
                "Drivers warned over 'unpaid toll' texts",
                "The links ask for card details.",
            ),
        ],
    );
    assert_rules(
        false,
        &[(
            "Carrier warns of delays to text messages during the upgrade",
            "",
        )],
    );
}

#[test]
fn flaws_used_in_attacks_defacements_shops_and_accounts_in_four_languages() {
    assert_rules(
        true,
        &[
            ("Parche para un fallo que ya se usa en ataques", ""),
            ("Falha no roteador já é usada em ataques", ""),
            ("Une faille du pare-feu exploitée dans des attaques", ""),
            ("Lücke in der VPN-Software wird in Angriffen ausgenutzt", ""),
            ("Betreiber eines Fakeshops für Fahrräder angeklagt", ""),
            ("Cliente tem conta invadida e perde as economias", ""),
        ],
    );
    assert_rules(
        false,
        &[(
            "Match nul : l'attaque de Verrières exploite mal chaque faille",
            "",
        )],
    );
}

// ----- a sixth probe batch's families: business, fiction, feints and aftermath (rules alone) -----

#[test]
fn start_ups_sales_fiction_feints_and_crews_at_sea_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Start-up Bollwerk holt 9 Millionen für Ransomware-Abwehr",
                "",
            ),
            (
                "Dublin startup raises €5m to help clinics recover from ransomware",
                "",
            ),
            (
                "Mail filter maker agrees sale to private equity",
                "Its software filters phishing for 4,000 firms and will be taken private.",
            ),
            (
                "In this spring's best thriller, a ransomware negotiator runs out of time",
                "",
            ),
            (
                "Le roman d'un pirate informatique repenti en tête des ventes",
                "",
            ),
            (
                "Stadtwerke testen Beschäftigte mit fingierten Phishing-Mails",
                "",
            ),
            (
                "Piraten entern Frachter im Roten Meer",
                "Die Angreifer flohen, die Besatzung blieb unverletzt.",
            ),
            (
                "Carrier adds a free scam-call filter for its prepaid users",
                "",
            ),
        ],
    );
}

#[test]
fn flaws_that_could_be_used_or_of_which_there_is_no_record_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Falha em câmeras poderia permitir que invasores vissem as imagens",
                "",
            ),
            (
                "Avisan de un fallo en cámaras IP",
                "No consta que la vulnerabilidad se haya utilizado contra usuarios.",
            ),
            (
                "Browser update fixes 12 bugs",
                "None was publicly known or used in attacks.",
            ),
            (
                "Com ataque veloz, Unidos explora falhas da defesa e goleia",
                "",
            ),
        ],
    );
    assert_rules(
        true,
        &[
            ("Falha no Windows foi usada para invadir bancos", ""),
            (
                "Un correctif piégé infecte les postes de douze communes",
                "",
            ),
        ],
    );
}

#[test]
fn leak_sites_decryption_keys_logins_and_police_cyber_units_tell_of_attacks() {
    assert_rules(
        true,
        &[
            (
                "Erpresserbande stellt Daten eines Zahnlabors auf ihre Leakseite",
                "",
            ),
            (
                "Clinique de Huy : les écrans réclament un paiement contre la clé de déchiffrement",
                "",
            ),
            (
                "Pensioner loses savings after crooks log into her online banking",
                "",
            ),
            (
                "Bodega pagó 40.000 euros a una cuenta ajena tras un aviso de su proveedor",
                "",
            ),
            ("Cyber police arrest nine over fake loan calls", ""),
            ("How the fake toll text scam works", ""),
        ],
    );
}

// ----- a seventh, adversarial batch's families: near-misses and names (rules alone) -----------

#[test]
fn locked_files_need_a_demand_and_a_demand_in_crypto_needs_files() {
    assert_rules(
        false,
        &[
            (
                "Design studio's files locked for a week over an unpaid hosting bill",
                "",
            ),
            (
                "Juzgado sin expedientes digitales",
                "Una actualización dejó los archivos bloqueados por un error de permisos.",
            ),
            (
                "Liberan a un comerciante secuestrado",
                "Los captores exigen bitcoin a la familia; hay dos detenidos.",
            ),
        ],
    );
    assert_rules(
        true,
        &[
            (
                "Prefeitura amanhece com arquivos trancados e bilhete cobrando pagamento em bitcoin",
                "",
            ),
            (
                "Les écrans du lycée affichent un message",
                "Les fichiers sont illisibles ; les auteurs réclament 30 000 euros en cryptomonnaie.",
            ),
        ],
    );
}

#[test]
fn near_misses_of_the_attack_verbs_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Society treasurer emptied the members' account to pay gambling debts",
                "",
            ),
            (
                "Funcionária altera por engano conta bancária de fornecedor",
                "",
            ),
            (
                "Mechanic who hacked his own tractor wins a repair award",
                "",
            ),
            (
                "Caisses en panne : l'enseigne affirme que ses systèmes n'ont jamais été compromis",
                "",
            ),
            (
                "Carrier's SIM swap-over leaves prepaid users without service",
                "",
            ),
            (
                "Teste interno de phishing engana um em cada quatro servidores",
                "",
            ),
            (
                "Hockey : les Castors exploitent enfin leur attaque et signent une victoire",
                "",
            ),
        ],
    );
}

#[test]
fn drained_protocols_booters_webshells_and_unauthorised_transfers_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Lending protocol drained after its price feed was abused",
                "",
            ),
            ("Le protocole Verbois vidé de 4 millions par un inconnu", ""),
            ("Teen who ran a booter service sentenced", ""),
            ("Intruders left webshells on 200 mail servers", ""),
            (
                "Exchange loses $5m in unauthorised transfers from its hot wallet",
                "",
            ),
            (
                "Unos delincuentes aprovechan un fallo sin parche en routers para colarse en redes",
                "",
            ),
            (
                "Outsiders downloaded patient records from the clinic's portal",
                "",
            ),
            ("Someone used her password to empty the account", ""),
        ],
    );
    assert_rules(
        false,
        &[("Children were abused on a gaming platform, court hears", "")],
    );
}

#[test]
fn leak_sites_in_every_language_and_a_ransomware_name_with_what_it_does_to_a_victim() {
    assert_rules(
        true,
        &[
            ("Akira listet einen Maschinenbauer auf ihrer Leak-Seite", ""),
            ("Qilin expõe contratos de uma petrolífera", ""),
            ("El grupo suma un hospital a su web de filtraciones", ""),
            (
                "Salt Typhoon still inside telecom networks, agencies say",
                "",
            ),
        ],
    );
    assert_rules(
        false,
        &[
            ("Play Store lists the year's best new games", ""),
            (
                "A wolf spider the size of a hand found in a garden shed",
                "",
            ),
        ],
    );
}

// ----- an eighth batch's families (rules alone) ------------------------------------------------

#[test]
fn kidnappers_metaphors_internal_tests_simulations_and_products_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Liberan a un comerciante; sus captores pedían el rescate en bitcoin",
                "",
            ),
            (
                "Empresário é solto do cativeiro; sequestradores cobravam resgate em bitcoin",
                "",
            ),
            ("Vecinos «hackean» su plaza con bancos de palés", ""),
            (
                "Un faux courriel piège les agents de la mairie",
                "C'était un test interne du service informatique.",
            ),
            (
                "La clinique du Lac simule une cyberattaque pour former ses équipes",
                "",
            ),
            ("Nouvel antivirus : il promet de bloquer l'hameçonnage", ""),
            (
                "Le groupe Varenne rachète un spécialiste de la détection d'intrusions",
                "",
            ),
            (
                "Quartalszahlen von Torwacht",
                "Die Nachfrage nach Schutz vor Erpressersoftware trieb das Geschäft.",
            ),
            ("Final episode of the series leaks a week early", ""),
        ],
    );
}

#[test]
fn copied_records_unlocked_systems_victim_lists_and_hijacked_routers_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Unbekannte kopieren Mitgliederdaten aus der Vereinssoftware",
                "",
            ),
            ("DDoS-Welle trifft Onlinebanking der Volksbanken", ""),
            (
                "Criminals demand payment to unlock the pharmacy's systems",
                "",
            ),
            ("Attackers took over thousands of office routers", ""),
            ("Akira ajoute une mutuelle à la liste de ses victimes", ""),
            ("Instalador adulterado espalhou ladrão de senhas", ""),
            ("Protocolo DeFi é explorado e perde R$ 20 milhões", ""),
            (
                "Fake sign-in pages used to steal passwords of law firms",
                "",
            ),
            (
                "Beware the 'Hi Mum' message",
                "Scammers pose as a child with a new number and ask for money.",
            ),
        ],
    );
}

// ----- a twelfth batch's families: local and corporate news (rules alone) ---------------------

#[test]
fn a_copied_look_is_no_theft() {
    assert_rules(
        false,
        &[
            (
                "Rival bakery copied the design of our website, says owner",
                "The owner says the rival copied the layout and logo of her web pages.",
            ),
            (
                "Tienda acusa a su competidor de haber copiado el diseño de su página web",
                "",
            ),
            (
                "Konkurrent hat die Gestaltung unserer Webseite kopiert, klagt ein Bäcker",
                "",
            ),
        ],
    );
}

#[test]
fn a_fault_put_down_to_something_else_and_not_to_an_attack_is_no_attack() {
    assert_rules(
        false,
        &[
            (
                "Caída informática en el registro municipal",
                "El fallo se debió a una avería tras la tormenta y no a un ciberataque.",
            ),
            (
                "Avaria deixa balcão da câmara sem sistema",
                "A falha deveu-se a um disco danificado e não a um ciberataque.",
            ),
            (
                "Störung im Bürgerbüro",
                "Sie geht auf einen defekten Server zurück und nicht auf einen Cyberangriff.",
            ),
            (
                "Panne à la mairie",
                "Elle est due à un orage et non à une cyberattaque, précise la commune.",
            ),
            (
                "Council systems down for a day",
                "The outage was due to a failed disk, not to a cyberattack.",
            ),
            (
                "Falha deixa loja do cidadão sem atendimento",
                "Não há qualquer indício de intrusão nem de acesso indevido aos dados.",
            ),
        ],
    );
}

#[test]
fn drills_imagined_attacks_and_staff_phished_by_their_own_employer_are_no_attacks() {
    assert_rules(
        false,
        &[
            ("Banks join a drill imagining a cyberattack on payments", ""),
            (
                "La mairie piège ses propres agents avec un faux courriel pour les former",
                "",
            ),
            ("Hospital envía un correo falso a sus propios empleados", ""),
        ],
    );
}

#[test]
fn pickpockets_take_wallets_by_hand() {
    assert_rules(
        false,
        &[
            (
                "Detenidos cuatro carteristas en el mercadillo",
                "Los carteristas sustrajeron al menos 30 carteras a los compradores.",
            ),
            ("Pickpockets stole wallets and phones on the tram", ""),
        ],
    );
}

#[test]
fn a_message_that_asks_for_card_details_or_passwords_is_phishing() {
    assert_attack(
        "Members got a renewal email that was not from the club",
        "The message linked to a form asking for card details.",
        "phishing",
    );
    assert_rules(
        true,
        &[
            (
                "Falso SMS de Correos",
                "El mensaje incluía un enlace a una web que pedía los datos de la tarjeta.",
            ),
            (
                "E-mail falso da operadora",
                "O link levava a uma página que pedia a senha do banco.",
            ),
            (
                "Gefälschte Mail der Sparkasse",
                "Der Link führte auf eine Seite, die Zugangsdaten abfragte.",
            ),
            (
                "Faux courriel des impôts",
                "Le lien menait vers un formulaire qui demandait les coordonnées bancaires.",
            ),
        ],
    );
    assert_rules(
        false,
        &[(
            "New banking app asks for your password less often",
            "Customers can sign in with a fingerprint instead.",
        )],
    );
}

#[test]
fn something_paid_for_online_that_never_existed_is_fraud() {
    assert_rules(
        true,
        &[
            (
                "Pagaron la reserva por internet y el apartamento no existía",
                "Cada familia transfirió 900 euros al anunciante.",
            ),
            (
                "Casal paga por MB Way sinal de casa de férias que não existe",
                "O anúncio pedia 850 euros adiantados.",
            ),
            (
                "Ghost website took orders for jackets that never came",
                "It collected card payments from 1,900 buyers.",
            ),
            (
                "Reformada perde 62 mil euros em falsa plataforma online de criptomoedas",
                "",
            ),
        ],
    );
    assert_rules(
        false,
        &[(
            "The feature users keep asking for in the app does not exist yet",
            "The start-up raised 5 million euros this year.",
        )],
    );
}

#[test]
fn an_attacker_is_a_hacker_only_near_a_computer_or_data() {
    assert_rules(
        false,
        &[
            ("Court jails attacker who set fire to a mosque door", ""),
            ("Alleged attacker of a pensioner appears before judges", ""),
            ("Atacantes do Tricolor garantem vitória no clássico", ""),
        ],
    );
    assert_rules(
        true,
        &[
            ("Attackers got into the town's network overnight", ""),
            ("Angreifer legen die Server einer Stadtverwaltung lahm", ""),
        ],
    );
}

// ----- a thirteenth batch's families: the trade press of each language (rules alone) ----------

#[test]
fn a_hack_in_court_cyber_gangs_and_advanced_persistent_threats_are_attacks() {
    assert_rules(
        true,
        &[
            ("Student pleads guilty to the hack of a ticketing firm", ""),
            ("Police investigating a hack at the county council", ""),
            ("Day of reckoning for an infamous cyber gang", ""),
            (
                "Un grupo de amenazas persistentes avanzadas apunta a la industria naval",
                "",
            ),
            ("Wie Netzspione ihre Opfer austricksen", ""),
        ],
    );
}

#[test]
fn neither_hacking_nor_fraud_and_no_data_accessed_are_denials() {
    assert_rules(
        false,
        &[
            (
                "Soldes erronés dans l'appli d'une banque : « ni piratage ni fraude »",
                "",
            ),
            (
                "Saldos errados no app do banco: nem ataque hacker nem fraude, diz a instituição",
                "",
            ),
            (
                "Transfers debited twice after a batch job ran again",
                "The bank said no accounts were accessed without authorization.",
            ),
        ],
    );
}

#[test]
fn a_stolen_laptop_whose_files_were_encrypted_and_a_product_launch_are_no_attacks() {
    assert_rules(
        false,
        &[
            (
                "Laptop holding HR files stolen from a car; data was encrypted",
                "",
            ),
            (
                "Una firma lanza un EDR que revierte los archivos cifrados",
                "",
            ),
            ("Vendor launches a tool that restores encrypted files", ""),
        ],
    );
    assert_rules(
        true,
        &[(
            "Carmaker halts production after its IT systems were encrypted",
            "",
        )],
    );
}

#[test]
fn zero_days_used_in_targeted_attacks_extortion_portals_and_ransom_notes_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Chrome recibe un parche para un día cero que ya se está explotando",
                "",
            ),
            (
                "Windows-Lücke wurde bereits für gezielte Angriffe genutzt",
                "",
            ),
            (
                "Eine Gruppe führt eine Zahnklinik auf ihrem Erpresserportal",
                "",
            ),
            (
                "A law firm is told to pay up",
                "Staff found files renamed and a note demanding payment within 72 hours.",
            ),
            (
                "Stadtwerke: Abrechnung verzögert sich nach Black-Basta-Befall",
                "",
            ),
        ],
    );
}

#[test]
fn a_ransomware_name_beside_german_data_and_locked_computers_with_a_demand_are_attacks() {
    assert_rules(
        true,
        &[
            ("Qilin stellt Personaldaten einer Privatklinik ins Netz", ""),
            (
                "Play veröffentlicht Mitgliederdaten eines Fußballvereins",
                "",
            ),
            ("Rathaus: Computer gesperrt, Unbekannte wollen Geld", ""),
            ("Kriminelle kapern Partnerkonten von Pensionen", ""),
            (
                "Lösegeldforderung aus dem Drucker: eine Privatschule steht still",
                "",
            ),
        ],
    );
    assert_rules(false, &[("Play veröffentlicht ein neues Album", "")]);
}

// Fourteenth batch: general and local news, and newsletters.

#[test]
fn german_encryption_of_servers_and_compound_systems_and_extortion_letters_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Kreisverwaltung stellt Daten aus Sicherungen wieder her",
                "Nach der Verschlüsselung ihrer Server durch Unbekannte bleibt das Bürgerbüro zu.",
            ),
            (
                "Wasserverband: Zählerstände nur per Postkarte",
                "Die Täter hatten das Abrechnungssystem verschlüsselt und Geld gefordert.",
            ),
            (
                "Erpresserbrief auf allen Rechnern der Musikschule Tannfeld",
                "",
            ),
            (
                "Kreisklinik weiter im Notbetrieb",
                "Die Erpresser drohen zudem mit der Veröffentlichung von Patientendaten.",
            ),
        ],
    );
}

#[test]
fn lists_offered_on_forums_copied_records_and_unauthorised_access_in_german_and_portuguese() {
    assert_rules(
        true,
        &[
            (
                "Mitgliederlisten des Turnvereins Hohenau in Internetforum angeboten",
                "",
            ),
            (
                "Praxisverbund informiert Patienten: Unbefugte kopierten Röntgenbefunde",
                "",
            ),
            (
                "Criminosos copiaram o cadastro de clientes de uma rede de óticas",
                "",
            ),
            (
                "Reformado fica sem as economias depois de desconhecidos entrarem na sua conta",
                "",
            ),
            (
                "Gemeindeverband bestätigt Vorfall",
                "Unbekannte nutzten die Fernwartung, um auf die Systeme der Gemeinden zuzugreifen.",
            ),
        ],
    );
}

#[test]
fn infected_extensions_fake_shops_and_trading_platforms_and_payment_pages_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Verseuchte Browsererweiterung auf Rechnern eines Landratsamts entdeckt",
                "",
            ),
            (
                "Amtsgericht verurteilt Betreiberin erfundener Onlineshops",
                "",
            ),
            (
                "Polizei warnt vor gefälschten Handelsplattformen im Internet",
                "",
            ),
            (
                "Falsche QR-Codes an Ladesäulen führen auf gefälschte Bezahlseite",
                "",
            ),
            (
                "Fake support accounts send crypto users to a look-alike site",
                "",
            ),
            (
                "Bogus helpdesk replies asking for a wallet's recovery phrase",
                "The messages link to a form.",
            ),
        ],
    );
}

#[test]
fn requests_for_secrets_by_text_taking_over_accounts_and_deliberate_floods_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Des textos qui réclament vos mots de passe circulent au nom d'une mutuelle",
                "",
            ),
            (
                "Douze interpellations : ils prenaient la main sur les comptes de retraités",
                "",
            ),
            (
                "Portal da câmara cai após enxurrada de pedidos de máquinas infectadas",
                "",
            ),
            (
                "La web del ayuntamiento, saturada adrede durante dos días",
                "",
            ),
        ],
    );
}

#[test]
fn spied_on_with_named_spyware_is_espionage() {
    assert_rules(
        true,
        &[
            ("Journalistin mit Pegasus ausgespäht", ""),
            (
                "Un élu aurait été espionné à l'aide du logiciel Pegasus",
                "",
            ),
        ],
    );
}

#[test]
fn legends_shortcuts_leaked_designs_denials_trespass_and_drills_are_no_attacks() {
    assert_rules(
        false,
        &[
            (
                "Trojaner aus Holz: Stadtmuseum zeigt Nachbau aus der Sage",
                "",
            ),
            (
                "Five productivity hacks for a calmer inbox",
                "One reader hacked her morning routine with a kitchen timer.",
            ),
            (
                "Weekly roundup: Pixelo 9 design leaks, a smartwatch review",
                "",
            ),
            (
                "Una avería deja sin cajeros a una caja rural",
                "La entidad desvincula el fallo de cualquier acción de piratas informáticos.",
            ),
            (
                "Intrusion sur un site industriel : des militants écologistes interpellés",
                "",
            ),
            (
                "Council runs an exercise simulating a ransomware outbreak",
                "",
            ),
            (
                "Stadtverwaltung testet Mitarbeitende mit Phishing-Mails",
                "",
            ),
            ("Prefeitura de Nova Esperança descarta ataque hacker", ""),
        ],
    );
}

// Fifteenth batch: hard written items.

#[test]
fn unreadable_files_with_a_demand_sim_swaps_with_money_and_drawn_off_accounts_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Consultório cancela consultas: fichas ficaram ilegíveis e surgiu pedido em bitcoin",
                "",
            ),
            (
                "Computadores de uma escola exibem mensagem exigindo bitcoins para liberar os arquivos",
                "",
            ),
            (
                "Mit einer Ersatz-SIM 40.000 Euro aus dem Depot einer Rentnerin verschoben",
                "",
            ),
            (
                "Kriminelle konnten mit erratenen Passwörtern Geld von Kundenkonten abziehen",
                "",
            ),
        ],
    );
}

#[test]
fn denials_after_the_word_series_and_insurers_results_are_no_attacks() {
    assert_rules(
        false,
        &[
            (
                "Kundenportal zwei Tage offline",
                "Ursache war ein fehlerhaftes Update; von einem Hackerangriff könne keine Rede sein.",
            ),
            (
                "Card outage at a building society blamed on a failed generator",
                "The society said hackers played no part.",
            ),
            (
                "Une faille théorique dans les terminaux de paiement",
                "Aucun cas de piratage reposant sur cette technique n'est connu.",
            ),
            (
                "Portátil furtado de um carro em Braga",
                "Não há indícios de acesso aos dados nem de qualquer ataque informático.",
            ),
            (
                "Fehlerhaftes Update legt Kassen lahm",
                "Um einen Hackerangriff habe es sich nicht gehandelt.",
            ),
            (
                "Serie de hackers estrena segunda temporada con una banda de ransomware",
                "",
            ),
            (
                "Insurer posts record profit as demand for ransomware cover grows",
                "",
            ),
        ],
    );
}

#[test]
fn sixteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Una ofensiva de denegación de servicio deja sin banca en línea a Caja Arenal",
                "",
            ),
            ("Portal de Vila Serena sai do ar por negação de serviço", ""),
            (
                "Le site du club de voile de Lunel-Plage défiguré dans la nuit",
                "",
            ),
            (
                "Delincuentes vacían el protocolo Soltera",
                "Se llevan dos millones en tokens.",
            ),
            ("Postfach eines Lieferanten war kompromittiert", ""),
            ("La messagerie du fournisseur était compromise", ""),
            (
                "Cuentas de redes sociales secuestradas en la alcaldía de Toro",
                "",
            ),
            ("Ao menos 30 contas de professores foram tomadas", ""),
            (
                "Falsos empleados de banco llaman a clientes de Caja Norte",
                "Se quedan con el dinero.",
            ),
            (
                "Tax texts lead to a copycat portal",
                "It collects online-banking logins.",
            ),
            (
                "Alerta na universidade",
                "Mensagens que imitam o portal da folha de pagamento pedem login e senha.",
            ),
            (
                "Condenado un vecino de Lugo",
                "Pirateó las claves de banca en línea de 40 clientes.",
            ),
            ("Um cavalo de troia bancário lê a tela do celular", ""),
            ("Des chevaux de Troie bancaires circulent au Québec", ""),
            (
                "Patch fixes 40 bugs",
                "One was already weaponised by a criminal group before the fix.",
            ),
            (
                "Atualização corrige 80 falhas",
                "Uma delas já era usada por criminosos para obter acesso de administrador.",
            ),
            (
                "Intruders got into Lakeview Council through an unpatched VPN flaw",
                "",
            ),
        ],
    );
}

#[test]
fn sixteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Un cheval de Troie géant installé au musée de Lunel", ""),
            (
                "Atualização corrige falha em roteadores",
                "Não há registro de que tenha sido usada por criminosos.",
            ),
            (
                "Forty firms join a national crisis exercise",
                "Teams spent the day running a ransomware scenario.",
            ),
            (
                "Startup Ferrum raises $6m series A",
                "Its hardware keys stop the stealing of passwords.",
            ),
        ],
    );
}

#[test]
fn seventeenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Booking page of Marlow Leisure Centre swamped with bogus traffic",
                "",
            ),
            (
                "Praxis Hollbach",
                "Die Terminbuchung wurde mit automatisierten Aufrufen überflutet.",
            ),
            (
                "Billetterie de Vérange en panne",
                "Son prestataire parle d'un envoi massif et délibéré de requêtes.",
            ),
            ("Detenido un joven por hackear el correo de su jefa", ""),
            ("Aplicação falsa do banco copia códigos de SMS", ""),
            (
                "Payroll program update",
                "It had been tampered with, planting a back door on shop computers.",
            ),
            (
                "La actualización manipulada del programa de facturas llegó a 300 talleres",
                "",
            ),
            (
                "Ermittler sehen eine staatlich gesteuerte Gruppe hinter den Vorfällen bei Ventra",
                "",
            ),
            (
                "Études notariales de la Vigne",
                "Des inconnus avaient glissé un programme espion dans la mise à jour.",
            ),
            (
                "Junta de freguesia de Aldeia Nova",
                "Os ficheiros foram bloqueados por desconhecidos, que deixaram uma nota a exigir 20 mil \
                 euros.",
            ),
            (
                "Condenado un joven que entraba en las cuentas de sus compañeros",
                "",
            ),
            (
                "Texts send drivers to a look-alike toll page",
                "It asks for card numbers.",
            ),
            ("Vaciamiento de la plataforma cripto Kuntur: 4 millones", ""),
            (
                "Rentnerin aus Aue",
                "Betrüger brachten sie per Chatnachricht um 5.000 Euro.",
            ),
            ("Someone stole the private keys of 900 users", ""),
        ],
    );
}

#[test]
fn seventeenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Os sequestradores pediram resgate de R$ 200 mil", ""),
            (
                "Sistema da farmácia travou após atualização",
                "A empresa diz que não houve invasão nem vazamento de dados.",
            ),
            (
                "Apagón en el ayuntamiento de Soria",
                "No hubo robo ni filtración de datos.",
            ),
            (
                "Dicas para hackear a rotina e dormir melhor nas redes sociais",
                "",
            ),
            (
                "Secretaria divulga calendário de matrículas da rede estadual",
                "Uma auditoria vai revisar a segurança na rede de computadores das escolas.",
            ),
        ],
    );
}

#[test]
fn eighteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Unbekannte haben über einen Fernwartungszugang in die Steuerung eines Klärwerks \
                 eingegriffen",
                "",
            ),
            (
                "Massenhaft gezielte Anfragen legen das Portal der Stadtwerke lahm",
                "",
            ),
            (
                "Eingeschleuster Code in einer Bibliothek schickte Schlüssel an Fremde",
                "",
            ),
            ("Nachgebaute Anmeldeseiten der Sparkassen im Umlauf", ""),
            (
                "Ein Buchhalter überwies zwei Millionen Euro",
                "Bild und Stimme des Chefs waren gefälscht.",
            ),
            (
                "Los responsables de encriptar los servidores reclaman un pago",
                "",
            ),
            (
                "Terceros se hacen con la cuenta del club en redes sociales",
                "",
            ),
            (
                "Un programa extraía contraseñas guardadas de los equipos",
                "",
            ),
            (
                "Alguien aprovechó un error en el contrato inteligente de la plataforma",
                "",
            ),
            (
                "El código introducido por terceros abría una puerta trasera",
                "",
            ),
            ("Acusados de espiar con Pegasus a tres periodistas", ""),
            ("Carte SIM détournée : un Rennais perd 40 000 euros", ""),
            (
                "Invasores ligados a um governo estrangeiro copiaram projetos",
                "",
            ),
            ("Os invasores trocaram a página inicial da agência", ""),
            (
                "Detectan explotación masiva de una falla en equipos VPN",
                "",
            ),
            (
                "Falha em servidor de arquivos vem sendo abusada por criminosos",
                "",
            ),
            ("Unbekannte haben 40.000 Kartendaten mitgeschnitten", ""),
            (
                "Uma voz recriada do diretor levou a tesouraria a transferir 200 mil euros",
                "",
            ),
            ("Abgegriffene Zugangsdaten tauchen im Netz auf", ""),
        ],
    );
}

#[test]
fn eighteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Retrasos en el aeropuerto de Tunja",
                "Circularon rumores de un ciberataque, pero la empresa lo atribuye a un corte de luz.",
            ),
            (
                "Stellwerk in Aue gestört",
                "Gerüchte über einen Hackerangriff machten die Runde; Ursache war ein Kabelbrand.",
            ),
            (
                "Panne chez Télécom Ouest",
                "Contrairement aux rumeurs évoquant une cyberattaque, la coupure vient d'une erreur \
                 de configuration.",
            ),
            (
                "La loi NIS 2 adoptée",
                "Les amendes atteindront 2 % du chiffre d'affaires ; les élus réclament des aides.",
            ),
            (
                "Bastide lève 10 millions d'euros",
                "Son logiciel repère plus tôt d'éventuelles intrusions dans les usines.",
            ),
            ("Carte à cryptogramme dynamique : la fraude recule", ""),
            ("Der SV Talheim nutzt die Lücken in der Abwehr", ""),
            (
                "Notenlisten lagen offen im Netz",
                "Die Daten seien weder kopiert noch weitergegeben worden.",
            ),
            (
                "Un faux courriel piège un agent sur trois à la mairie",
                "C'était une campagne d'hameçonnage simulée par le service informatique.",
            ),
        ],
    );
}

#[test]
fn nineteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Comptes d'abonnés piratés sur le site du club de Vernoux",
                "",
            ),
            (
                "Quadrilha explorava falha do aplicativo do Banco do Sul",
                "",
            ),
        ],
    );
}

#[test]
fn nineteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Lisa Grant's new TV series follows teenage hackers", ""),
            ("The bank's fraud filter froze her card in Lisbon", ""),
            (
                "Des multinationales exploitent une faille de la convention fiscale",
                "",
            ),
            ("Importadoras exploram brecha em regra do imposto", ""),
            (
                "Le logiciel Facturo comble une faille, sans trace d'exploitation",
                "",
            ),
            (
                "Um em cada cinco servidores clicou em e-mail falso",
                "O envio fez parte de um teste de conscientização da equipe de tecnologia.",
            ),
        ],
    );
}

#[test]
fn twentieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Unbefugte griffen auf die Kundendatenbank eines Fitnessstudios zu",
                "",
            ),
            (
                "Google schließt eine bereits ausgenutzte Lücke in Chrome",
                "",
            ),
            ("Roban el canal de YouTube de una streamer de Valencia", ""),
            (
                "Une faille de Windows",
                "Elle était déjà utilisée par des attaquants avant le correctif.",
            ),
            (
                "Coup de filet contre un réseau de faux supports techniques",
                "",
            ),
            ("Roteadores sob ataque: falha permite controle remoto", ""),
        ],
    );
}

#[test]
fn twentieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Llega la serie de hackers que todo fan debería ver", ""),
            (
                "Série sobre jovem hacker ganha trailer e data de estreia",
                "",
            ),
            (
                "Farmácias enviam e-mail falso a funcionários para testar a segurança",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Rentas de Salta",
                "La página recibió millones de solicitudes simultáneas desde otros países.",
            ),
            (
                "Un grupo cifró los servidores del hospital de Valdeorza",
                "",
            ),
            (
                "Vulneraron los sistemas de una cooperativa de Montevideo",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Sede electrónica caída",
                "Se extendió el rumor de un ataque informático; fue un certificado caducado.",
            ),
            (
                "La oposición acusa a un edil de ser el troyano del intendente",
                "",
            ),
            (
                "El banco insiste en que sus sistemas jamás fueron vulnerados",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Clientes instalaram um aplicativo de banco clonado e perderam as economias",
                "",
            ),
            (
                "Une application bancaire clonée vidait les comptes de ses victimes",
                "",
            ),
            (
                "Banda secuestraba cuentas de WhatsApp para pedir dinero a los familiares",
                "",
            ),
            ("Rede sequestrava contas de Instagram de lojistas", ""),
            (
                "Plugin de formulários",
                "Criminosos usam a falha, que aceita arquivos sem autenticação, e instalam \
                 webshells em sites de prefeituras.",
            ),
            (
                "VPN gateway flaw",
                "Intruders used it without authentication and planted web shells on the gateways.",
            ),
        ],
    );
}

#[test]
fn twenty_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Orvane dévoile un boîtier censé stopper rançongiciels et hameçonnage",
                "",
            ),
            (
                "Un logiciel pour contrer le rançongiciel dans les mairies",
                "",
            ),
            (
                "Exploitation expected for critical bypass flaw patched in VPN gateways",
                "",
            ),
            (
                "Exploração iminente de falha crítica em roteadores, alerta agência",
                "",
            ),
            (
                "O aplicativo do banco não foi clonado, garante a instituição",
                "",
            ),
            (
                "Nunca secuestraron cuentas del club, aclara la directiva",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Procesan a un extrabajador que siguió entrando al sistema de la cooperativa",
                "",
            ),
            (
                "Ex-funcionária continuou acessando o sistema da clínica após a demissão",
                "",
            ),
            (
                "Comerciante perde 20 mil euros depois de lhe duplicarem o cartão SIM",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "La start-up lausannoise Vigie lève 12 millions de francs",
                "Sa sonde repère les intrusions sur les réseaux industriels.",
            ),
            ("Operadora nega ter duplicado o cartão SIM da cliente", ""),
        ],
    );
}

#[test]
fn twenty_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Ein Computervirus legte die Verwaltung der Stadt drei Wochen lahm",
                "",
            ),
            (
                "Twenty years on",
                "A self-spreading program slipped in through a county server and crippled the \
                 dispatch centre.",
            ),
            (
                "Alguien manipuló a distancia el cloro de la potabilizadora",
                "",
            ),
            (
                "Invasor alterou remotamente a pressão das bombas da estação de água",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "NAS-Hersteller rüstet Betriebssystem mit „Ransomware-Schild“ nach",
                "",
            ),
            ("Un bouclier anti-rançongiciel pour les PME", ""),
            (
                "Le portable volé d'un élu a été bloqué à distance par la mairie",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Un grupo prorruso tumba con peticiones masivas las webs de varios ayuntamientos",
                "",
            ),
            (
                "La web del club amanece con insultos contra la directiva",
                "",
            ),
            (
                "Alguien cambió a distancia la dosis de cloro del depósito",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_fifth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Es falso que Hacienda vaya a multar a quien reciba muchos Bizum",
                "",
            ),
            (
                "La web de la feria amanece con colas de espera para comprar entradas",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "She typed her card details into the page a text message linked to",
                "",
            ),
            (
                "Introdujo los datos bancarios en la página que le llegó por SMS",
                "",
            ),
            (
                "Aposentada digitou a senha do banco em site enviado por mensagem",
                "",
            ),
            (
                "Nach einer SMS hat er seine Zugangsdaten auf einer Seite eingegeben",
                "",
            ),
            (
                "Après un courriel, elle a saisi ses coordonnées bancaires",
                "",
            ),
            ("Des milliers de routeurs transformés en zombies", ""),
            (
                "Câmeras baratas viram aparelhos zumbis nas mãos de criminosos",
                "",
            ),
            (
                "Secuestraron la base de clientes y piden dinero por liberarla",
                "",
            ),
            (
                "Clínica tem prontuários sequestrados, e agora pedem dinheiro",
                "",
            ),
            (
                "El portal del ayuntamiento amanece con mensajes ofensivos",
                "",
            ),
            ("Piratage de la messagerie de la mairie", ""),
            (
                "Golpistas pediram a portabilidade do número e esvaziaram a conta bancária",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Piratage de matchs : l'Arcom fait bloquer 200 sites", ""),
            (
                "Bancos terão de garantir a portabilidade de salário em 24 horas",
                "",
            ),
            (
                "Nova regra facilita a portabilidade de crédito entre bancos",
                "",
            ),
            (
                "Secuestraron a un empresario y piden dinero por liberarlo",
                "",
            ),
            (
                "The new login page lets users sign in without a typed password",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "The county took its systems offline after detecting suspicious activity",
                "",
            ),
            (
                "Unusual network activity at the port authority; FBI called in",
                "",
            ),
            (
                "Nach verdächtigen Aktivitäten nahm die Stadt ihre Server vom Netz",
                "",
            ),
            ("Un hacker filtra las nóminas de la constructora", ""),
            (
                "Un déluge de connexions malveillantes rend le site de la mairie inaccessible",
                "",
            ),
            (
                "An ex-employee looked up customer records and sold them",
                "",
            ),
            (
                "Desmantelada una red que blanqueaba dinero de falsas webs de inversión",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Ticket site down for hours: demand, not malicious traffic, says the seller",
                "",
            ),
            (
                "Des hackers ont tenté de pénétrer le réseau de l'hôpital : c'était l'équipe rouge",
                "",
            ),
            (
                "Une sauvegarde immuable pour protéger les PME des rançongiciels",
                "",
            ),
            (
                "Seguro contra golpes digitais chega às lojas da operadora",
                "",
            ),
            (
                "Stolen laptop was encrypted, no data accessed, and it was wiped remotely",
                "",
            ),
            (
                "Payments down for two hours; the provider says it was not a security incident",
                "",
            ),
            ("Résultats du test d'hameçonnage interne", ""),
            (
                "Bank adds instant alerts for suspicious activity on cards",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Bewährungsstrafe wegen Computerbetrugs für zwei Brüder", ""),
            (
                "Anklage wegen Ausspähen von Daten gegen früheren Administrator",
                "",
            ),
            (
                "Poursuivi pour atteinte à un système de traitement automatisé de données",
                "",
            ),
            ("Clonaram o chip do aposentado e levaram 40 mil reais", ""),
            ("E-mail da prefeitura foi invadido", ""),
            ("Jovem tentou sequestrar contas de influenciadores", ""),
        ],
    );
}

#[test]
fn twenty_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "Ils volaient des chèques dans les boîtes aux lettres du quartier",
            "",
        )],
    );
}

#[test]
fn twenty_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Burlões acedem à conta de idosa e transferem 30 mil euros",
                "",
            ),
            (
                "FBI atribui ao norte-coreano Lazarus roubo em corretora",
                "",
            ),
            ("Una banda clonaba cuentas de WhatsApp de vecinos", ""),
            (
                "The club's account was compromised; fans are asked not to click links",
                "",
            ),
        ],
    );
}

#[test]
fn twenty_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Câmara desmente ataque",
                "A falha deveu-se a uma migração e nenhum sistema foi comprometido.",
            ),
            ("Backdoor Protocol, le jeu de hacker de l'année", ""),
        ],
    );
}

#[test]
fn thirtieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Vermeintliche App eines Paketdienstes leitet TANs weiter",
                "",
            ),
            ("Enkeltrick per Messenger: Rentner überweist 4.000 Euro", ""),
            (
                "Dados de clientes de loja são postos à venda na internet",
                "",
            ),
        ],
    );
}

#[test]
fn thirtieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[("Enkeltrick am Telefon: Bankangestellte bemerkt Betrug", "")],
    );
}

#[test]
fn thirty_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Fremde griffen wochenlang auf Kundendaten eines Versandhändlers zu",
                "",
            ),
            (
                "Unbefugte haben Lohndaten eines Bauunternehmens kopiert",
                "",
            ),
            ("Techniker wegen Datenbeschädigung verurteilt", ""),
            (
                "Réu condenado por dano informático em servidor de escola",
                "",
            ),
            ("Arguido acusado de falsidade informática", ""),
            ("Personas ajenas ingresaron al servidor de una clínica", ""),
            (
                "Des individus non autorisés ont eu accès au système de paie d'une commune",
                "",
            ),
            ("Une clé piégée contamine les ordinateurs d'un collège", ""),
            ("Polizei legt Netz aus gekaperten Kameras still", ""),
            (
                "Detienen a banda que clonaba tarjetas para comprar en línea",
                "",
            ),
            (
                "Alguém se passou por fornecedor em e-mail e a firma pagou a conta errada",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Softwarehaus räumte einen Fehler in der Datenbank ein", ""),
            (
                "Faille corrigée avant toute exploitation, assure l'éditeur",
                "",
            ),
            (
                "Autarquia envia e-mails falsos a funcionários em ação de formação",
                "",
            ),
            (
                "Diebe stehlen Laptops aus Arztpraxis – Daten waren verschlüsselt",
                "",
            ),
            (
                "Detienen a banda que clonaba tarjetas en cajeros automáticos",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Una extensión enviaba las contraseñas a un servidor externo",
                "",
            ),
            ("Portal municipal caído por tráfico ilegítimo", ""),
            (
                "Prüfungsportal durch gezielt erzeugten Datenverkehr lahmgelegt",
                "",
            ),
            ("Golpistas assumiram o controle das contas de clientes", ""),
            (
                "Ex-analista demitido é acusado de apagar servidores da empresa",
                "",
            ),
            ("Des caméras détournées visent un hébergeur", ""),
            ("Un code malveillant glissé dans un logiciel de paie", ""),
            (
                "Una librería escondía una puerta trasera en su última versión",
                "",
            ),
            ("La actualización del programa llevaba código oculto", ""),
            (
                "Cambian la portada de la web municipal por mensajes contra el alcalde",
                "",
            ),
            ("Site da câmara exibe mensagens contra o prefeito", ""),
        ],
    );
}

#[test]
fn thirty_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Simulierte Phishing-Mails: Passwort auf nachgebauter Seite eingegeben",
                "",
            ),
            (
                "L'Arcom fait bloquer 300 sites de streaming illégal",
                "Les abonnés à ces services pirates risquent des poursuites.",
            ),
            ("La empresa asegura que no hubo fuga de datos", ""),
        ],
    );
}

#[test]
fn thirty_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Pegasus encontrado no telemóvel de uma jornalista", ""),
            (
                "Extensão para o Chrome infectou milhares de utilizadores",
                "",
            ),
            (
                "El Instagram del delantero, fuera de control: su cuenta anuncia una estafa",
                "",
            ),
            ("Boletería online caída por solicitudes falsas", ""),
            ("Homem entrou no e-mail do presidente do clube", ""),
            ("Jogador perdeu o controlo da conta de Instagram", ""),
            ("Les messageries de diplomates consultées à distance", ""),
            (
                "Les coordonnées de 90 000 adhérents exfiltrées par un tiers",
                "",
            ),
            (
                "Une faille a servi de porte d'entrée vers les serveurs de la mairie",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Lateral recebe ataques racistas nas redes sociais", ""),
            (
                "Attaques verbales contre l'arbitre sur les réseaux sociaux",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "SMS der Krankenkasse",
                "Der Link führt auf eine nachgemachte Anmeldeseite, die Zugangsdaten abfragt.",
            ),
            (
                "Multa pendiente",
                "El enlace lleva a una página calcada que pide el número de la tarjeta.",
            ),
            (
                "Un código copiaba el CVV y lo enviaba a un servidor externo",
                "",
            ),
            (
                "Une extension envoyait les identifiants vers un serveur à l'étranger",
                "",
            ),
            ("Un accès dissimulé sur un serveur de conception", ""),
            (
                "Quelqu'un s'est connecté au portail RH et a remplacé les RIB",
                "",
            ),
            (
                "Des vœux supprimés par une autre personne connectée à leur compte",
                "",
            ),
            (
                "Quadrilha usava contas de clientes acessadas com senhas vazadas",
                "",
            ),
            ("Pix sem autorização depois de o chip ser transferido", ""),
        ],
    );
}

#[test]
fn thirty_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Alerta: erro em gateway usado por seguradoras está a ser explorado em massa",
                "",
            ),
            (
                "Programa de contabilidade distribuía uma versão adulterada",
                "",
            ),
            ("Criminosos desviam milhões de contas de clientes", ""),
            ("Zero-day foi usado para drenar carteiras cripto", ""),
            ("App capturava senhas de bancos", ""),
            ("Lending pools drained through a rounding flaw", ""),
        ],
    );
}

#[test]
fn thirty_fifth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Produtores exploram brecha na regra do crédito rural", ""),
            (
                "Faux e-mail : la coopérative a piégé ses salariés lors d'un exercice",
                "",
            ),
            (
                "Crypto : Bitmo gèle les retraits et demande la protection du tribunal",
                "Ses serveurs restent en ligne pour consulter les soldes.",
            ),
            (
                "Semences : un réseau de « piratage » de variétés de blé démantelé",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Unbekannte tauschten die Bankverbindung in der Rechnung eines Zulieferers aus",
                "",
            ),
            (
                "Teenager admits taking over classmates' Snapchat accounts",
                "",
            ),
            (
                "Woman pleads guilty to unauthorized computer access at former employer",
                "",
            ),
            (
                "Unauthorised user got into the pump station's control panel",
                "",
            ),
            (
                "Plugin release shipped with malicious code, developers warn",
                "",
            ),
            (
                "Autoridade aplica coima a hospital por violação de dados",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Firefighter hacked through a locked door to reach the trapped driver",
                "",
            ),
            (
                "Commuters hacked off with another rail timetable change",
                "",
            ),
            ("« La Rançon du silence », un roman noir liégeois", ""),
            (
                "Clássico dos fliperamas é hackeado de novo por speedrunner",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Unbekannte ersetzten die Startseite des Vereins", ""),
            (
                "Die Täter drohten, Konstruktionsdaten zu veröffentlichen",
                "",
            ),
            ("Former contractor admits wiping the clinic's files", ""),
            (
                "Man admits accessing a computer system for a dishonest purpose",
                "",
            ),
            ("Grupo invadiu o sistema de faturação da operadora", ""),
            ("Una banda se apoderaba de perfiles de Facebook", ""),
            ("Delincuentes vaciaron el saldo de cientos de clientes", ""),
            ("Banco alerta para e-mails que pedem códigos de acesso", ""),
            (
                "Tribunal condena banco a devolver valores após troca do chip",
                "",
            ),
            ("Des individus ont consulté la messagerie du maire", ""),
            (
                "Logiciel de facturation : une mise à jour trafiquée distribuée aux clients",
                "",
            ),
            (
                "Site da prefeitura amanhece com bandeira de grupo estrangeiro",
                "",
            ),
            (
                "Académica: conta do clube no Instagram sequestrada por criminosos",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Farmer hacked to death in a dispute over water", ""),
            (
                "Le piratage des retransmissions de la coupe inquiète les diffuseurs",
                "",
            ),
            ("Minister dismisses hacker claims after portal outage", ""),
        ],
    );
}

#[test]
fn thirty_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Fake-President-Masche kostet Zulieferer zwei Millionen Euro",
                "",
            ),
            ("Payroll vendor hack delays wages at a staffing firm", ""),
            (
                "Les messages du directeur lus par un tiers pendant des mois",
                "",
            ),
            (
                "Condamné pour avoir détourné des fonds en piratant la messagerie d'une mairie",
                "",
            ),
            (
                "E-mails do presidente eram reencaminhados para um endereço desconhecido",
                "",
            ),
            (
                "Falha no portal de matrículas da câmara do concelho foi explorada por bandidos",
                "",
            ),
            (
                "Programa gravava tudo o que era digitado nos computadores da escola",
                "",
            ),
            ("Conta da câmara no Instagram é invadida", ""),
            ("Site da associação derrubado de propósito", ""),
            ("Jovem desfigurou site de escola", ""),
        ],
    );
}

#[test]
fn thirty_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Only a third of firms have a data breach response plan", ""),
            ("Aucun vol de données, assure le rectorat", ""),
            ("Un faux mail d'hameçonnage envoyé par sa propre DSI", ""),
            (
                "Pirates demanded a ransom for the ship's passengers in 1721",
                "",
            ),
            (
                "Fund manager convicted of securities fraud and mail fraud",
                "",
            ),
        ],
    );
}

#[test]
fn thirty_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Ticket site fined £2m by the regulator over hack", ""),
            ("Un joven se metió al correo de la alcaldía", ""),
            (
                "La app enviaba datos de los usuarios a un servidor desconocido",
                "",
            ),
            ("La web cayó por millones de solicitudes coordinadas", ""),
            (
                "El grupo dice tener 200 GB de la empresa y amenaza con publicarlos",
                "",
            ),
            (
                "Llamadas de un falso soporte que pedía códigos enviados por SMS",
                "",
            ),
            ("Programa copiava o correio eletrónico da direção", ""),
        ],
    );
}

#[test]
fn thirty_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Nachrichten Ende-zu-Ende-verschlüsselt, Server in Deutschland",
                "",
            ),
            ("Opposition: Die Steuerreform ist ein Trojaner", ""),
        ],
    );
}

#[test]
fn fortieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Una entrada no autorizada en el servidor de las pantallas del aeropuerto",
                "",
            ),
            (
                "Accès frauduleux à un système de traitement automatisé",
                "La vulnérabilité n'était pas corrigée.",
            ),
            (
                "Des clients compromis via la télémaintenance de leur éditeur",
                "",
            ),
            (
                "Banco perde milhões após criminosos usarem credenciais de um prestador",
                "",
            ),
        ],
    );
}

#[test]
fn fortieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Contrefaçon : des articles de bazar piratés saisis au port",
                "",
            ),
            (
                "Companhia aérea garante que a paragem não resultou de qualquer ataque hacker",
                "",
            ),
        ],
    );
}

#[test]
fn forty_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Clientes recebem mensagens a pedir a palavra-passe do homebanking",
                "",
            ),
            (
                "Se colaron en la red interna de una cadena de zapaterías",
                "",
            ),
            (
                "Contratos de uma construtora à venda num fórum clandestino",
                "",
            ),
            (
                "La boîte mail d'un cabinet comptable consultée à son insu pendant un mois",
                "",
            ),
            (
                "Un script glissé à l'insu du commerçant dans sa page de paiement",
                "",
            ),
            (
                "Un module de caisse envoyait les numéros de carte vers un serveur tiers",
                "",
            ),
            (
                "Ex-gestor condenado por acessar sem autorização o e-mail da empresa",
                "",
            ),
            (
                "Überlastungsangriff mit einer Anfrageflut auf die Terminbuchung der Stadt",
                "",
            ),
            ("Un restaurant dépossédé de sa page Facebook", ""),
        ],
    );
}

#[test]
fn forty_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Systems were not compromised, the chain says after spam complaints",
                "",
            ),
            (
                "Câmara escondida num quarto gravava para um cartão de memória",
                "",
            ),
            (
                "Ein Versorger weist Berichte über einen Cyberangriff zurück",
                "",
            ),
            ("La cadena niega un robo de datos de sus clientes", ""),
            (
                "Fechadura corrigida: não há registo de que a falha tenha sido explorada",
                "",
            ),
            ("Intrusion d'un sanglier dans l'enceinte d'un lycée", ""),
        ],
    );
}

#[test]
fn forty_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Gezielte Anfragenflut auf ein Wetterportal", ""),
            ("Server eines Instituts mit Anfragen überschwemmt", ""),
            (
                "Un técnico entraba al archivo con la contraseña de un compañero",
                "",
            ),
            (
                "Recruiters' booby-trapped files reach aerospace engineers",
                "",
            ),
            (
                "Una banda quería hacerse con las claves bancarias de los empleados",
                "",
            ),
            (
                "Un problema de cortafuegos ya se está explotando contra universidades",
                "",
            ),
            (
                "Ministério alerta para e-mails-isca dirigidos a fornecedores",
                "",
            ),
        ],
    );
}

#[test]
fn forty_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Bundesheer probt Hackerangriff auf ein Umspannwerk", ""),
            (
                "Rüstungskonzern kauft Anbieter von Verschlüsselungslösungen für Systeme",
                "",
            ),
            ("Ministry says none of its systems were breached", ""),
            ("Museum shows a ransom note from a 1930s kidnapping", ""),
            ("Saltwater intrusion threatens a coastal aquifer", ""),
            (
                "Biopiraterie : le piratage du vivant dénoncé par des botanistes",
                "",
            ),
            (
                "Intrusion sur une base aérienne : un sanglier retarde les vols",
                "",
            ),
        ],
    );
}

#[test]
fn forty_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Black Basta reklamiert den Angriff auf einen Getränkehändler",
                "",
            ),
            (
                "Übernahme von Instagram-Konten: Haft für einen 24-Jährigen",
                "",
            ),
            (
                "Un courriel invite à saisir son mot de passe sur une page",
                "",
            ),
            ("Une billetterie inondée par des connexions factices", ""),
            (
                "Milhões de pedidos simultâneos derrubam site de uma semana de moda",
                "",
            ),
            (
                "Des bornes minaient de la cryptomonnaie pour un inconnu",
                "",
            ),
            ("Un salon professionnel victime d'un rançongiciel", ""),
            (
                "Jornalistas recebem ficheiro que roubava palavras-passe",
                "",
            ),
            (
                "Desconhecidos assumiram o perfil de uma loja no Instagram",
                "",
            ),
        ],
    );
}

#[test]
fn forty_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Datenabfluss beim Versandhaus? Der Bericht sei schlicht falsch",
                "",
            ),
            (
                "Roman: Eine Erpresserbande fordert Lösegeld von einer Klinik",
                "",
            ),
            ("Musical: griegos y troyanos en el Teatro Real", ""),
            ("„Trojaner“: eine Komödie zur Uraufführung", ""),
            (
                "Une porte dérobée découverte dans l'escalier du château",
                "",
            ),
            ("Intrusion sur scène : un fan rejoint la chanteuse", ""),
            ("Estilista acusa rede de lojas de copiar vestido", ""),
        ],
    );
}

#[test]
fn forty_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Avisan de dominios casi idénticos a los de un proveedor",
                "",
            ),
            ("Detectan una campaña de espionaje contra astilleros", ""),
            ("Mails angeblicher Chefs fordern Überweisungen", ""),
            (
                "Quadrilha interceptava e-mails de lojas para trocar boletos",
                "",
            ),
            ("Um ex-técnico apagou os CLPs de uma pedreira", ""),
            (
                "Un ancien salarié modifiait à distance les réglages d'une chaudière",
                "",
            ),
            ("Des milliers d'adresses IP ont submergé le portail", ""),
            ("Kundenkonto eines Händlers gekapert", ""),
            (
                "Invasores entraram pelo suporte remoto de um fornecedor",
                "",
            ),
            ("Agency adds a router flaw to its KEV catalog", ""),
            ("Protesters deface a quarry company's website", ""),
            ("8Base: Großhändler auf Leak-Liste", ""),
            ("Unknown user took control of a pumping station", ""),
        ],
    );
}

#[test]
fn forty_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Drilling hits a porphyry intrusion at depth", ""),
            (
                "Quarry firm eyes a backdoor listing through a shell company",
                "",
            ),
            (
                "La minera asegura que no existe evidencia de acceso no autorizado",
                "",
            ),
            ("Story of stolen data was entirely false, says retailer", ""),
            ("Kidnappers sent the family a note demanding payment", ""),
        ],
    );
}

#[test]
fn forty_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Phishing campaign targets start-up founders", ""),
            (
                "Ataque de relleno de credenciales contra una app de pagos",
                "",
            ),
            (
                "Regras ocultas enviavam cópias de e-mails para endereços externos",
                "",
            ),
            (
                "Les systèmes rendus inutilisables par un groupe qui réclamait 1 M€",
                "",
            ),
            (
                "Un tiers malveillant entre dans le système de l'entrepôt",
                "",
            ),
            ("Un tiers a obtenu un accès au serveur de la boutique", ""),
            ("Ex-CTO soll die Backups gelöscht haben", ""),
            ("Un atacante exploto un fallo del contrato inteligente", ""),
            ("A página do fundo foi tomada por terceiros", ""),
            ("Une version piégée d'un paquet open source", ""),
        ],
    );
}

#[test]
fn forty_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Fake QR codes stuck on parking meters", ""),
            ("Gefälschte QR-Codes an Parkautomaten entdeckt", ""),
            ("Thieves used relay devices to take the cars", ""),
            ("Des voleurs utilisaient des boîtiers relais", ""),
            ("Diebe knacken Autos per CAN-Injection", ""),
            ("Des voleurs ont démarré un SUV par le réseau CAN", ""),
            ("Base de clientes oferecida em fórum por US$ 500", ""),
            ("Nach Einbruch in das Kundenportal: Bußgeld", ""),
            ("Unbekannte hatten sich Zugang zum Mailkonto verschafft", ""),
            ("Täter verschafften sich Zugriff auf das Backend", ""),
            (
                "Alguien externo usaba los servidores para minar criptomonedas",
                "",
            ),
            ("Incidente expôs dados de clientes a criminosos", ""),
            ("Prise de contrôle du système de gestion des panneaux", ""),
        ],
    );
}

#[test]
fn forty_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Consumer group attacks 'backdoor fare rise' by a group of airlines",
                "",
            ),
            ("Intrusion d'un automobiliste sur les voies", ""),
            (
                "Faux mails : les agents piégés par l'exercice interne d'hameçonnage",
                "",
            ),
            (
                "L'écurie exploite une faille du règlement sur les ailerons",
                "",
            ),
        ],
    );
}

#[test]
fn forty_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Schlachthof stoppt Produktion: Unbefugte im Firmennetz", ""),
            (
                "Winzergenossenschaft nach Erpressungsangriff wieder in Betrieb",
                "",
            ),
            ("Kartendaten über manipuliertes Shop-Plugin ausgelesen", ""),
            (
                "Livestock auction knocked offline by a traffic flood, then a bitcoin demand",
                "",
            ),
            (
                "Delincuentes publican en la web oscura los DNI de 900 socios",
                "",
            ),
            ("Un cupón falso para quedarse con tus datos", ""),
            ("Angreifer kamen über eine ungesicherte Schnittstelle", ""),
            ("Quadrilha anunciava tratores inexistentes na internet", ""),
            (
                "Des éleveurs versent des acomptes en ligne pour des tracteurs qui n'existent pas",
                "",
            ),
        ],
    );
}

#[test]
fn forty_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Cooperativa envia e-mail falso aos funcionários",
                "A mensagem simulada fazia parte do programa de conscientização.",
            ),
            (
                "The co-op said there was no evidence whatsoever of a cyberattack",
                "",
            ),
            ("Bauern sehen im Handelsabkommen einen Trojaner", ""),
        ],
    );
}

#[test]
fn forty_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Bewährungsstrafe wegen Ausspähens von Daten", ""),
            (
                "780 000 euros détournés après une connexion frauduleuse au logiciel comptable",
                "",
            ),
            ("Des tiers avaient copié le fichier des usagers", ""),
            ("Le site du tribunal noyé sous des millions de requêtes", ""),
            (
                "L'ordinateur envoyait ses documents vers un serveur inconnu",
                "",
            ),
            (
                "Infostealer Lumma nimmt Kanzleien ohne eigene IT-Abteilung ins Visier",
                "",
            ),
        ],
    );
}

#[test]
fn forty_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Peers savage 'a hacked-together policy'", ""),
            ("Un montage qui exploitait une faille de la loi", ""),
            ("Primer hackatón ciudadano con hackers cívicos", ""),
            (
                "Correos falsos enviados a 3.000 funcionarios como simulacro",
                "",
            ),
            (
                "20 000 amendements, une saturation délibérée de la procédure",
                "",
            ),
            ("Opposition: Dieses Gesetz ist ein Trojaner", ""),
            ("He retracted his claim of a cyberattack on his office", ""),
        ],
    );
}

#[test]
fn forty_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Betrüger sammeln mit gefälschter Spendenseite", ""),
            ("Bande, die per SMS Bankdaten abgriff, ausgehoben", ""),
            ("Unbekannte dringen ins Netz der Stiftung ein", ""),
            ("Hilfswerke im Visier digitaler Ausspähung durch China", ""),
            (
                "Platform says the outage was a deliberate traffic attack",
                "",
            ),
            (
                "Un correo del párroco que él nunca escribió pedía dinero",
                "",
            ),
            ("Detienen a un joven por tumbar la web del maratón", ""),
            (
                "Des millions de connexions automatiques ont submergé le site",
                "",
            ),
            ("Copies de passeports publiées par des pirates", ""),
            (
                "Canal da paróquia São Judas no YouTube é tomado por estranhos",
                "",
            ),
            ("Cae una red de falsas ONG en internet", ""),
        ],
    );
}

#[test]
fn forty_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Test-Mails mit Köder-Link an 1.800 Mitarbeitende verschickt",
                "",
            ),
            (
                "Family of kidnapped aid worker appeals for his release as ransom demand reported",
                "",
            ),
            ("Les fichiers, non chiffrés, n'ont pas été ouverts", ""),
            ("Un faux mail teste la vigilance des salariés", ""),
        ],
    );
}

#[test]
fn fiftieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Comporta aberta por acesso remoto não autorizado", ""),
            (
                "Le réservoir a débordé après une prise de contrôle à distance de l'automate",
                "",
            ),
            (
                "Clientes recebem SMS com link para pagar",
                "A distribuidora diz que não envia cobranças por mensagem.",
            ),
            ("Un réseau usurpait les comptes clients d'opérateurs", ""),
            ("Managed service provider compromise hits water billing", ""),
            (
                "Des pirates ont atteint les réseaux de trois distributeurs",
                "",
            ),
            (
                "Un opérateur découvre des accès dissimulés dans ses routeurs",
                "",
            ),
            (
                "Netzbetreiber entdeckt fremde Zugriffe über Fernwartung",
                "",
            ),
            ("Perfil da distribuidora no Instagram é sequestrado", ""),
        ],
    );
}

#[test]
fn fiftieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Deux marins enlevés dans le golfe de Guinée : l'armateur a reçu une \
                 demande de rançon",
                "",
            ),
            (
                "Une faille corrigée dans le module radio des compteurs",
                "Une faiblesse dans le chiffrement des échanges entre le compteur et le \
                 concentrateur; un correctif a été déployé à distance.",
            ),
        ],
    );
}

#[test]
fn fifty_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Les appartements n'existaient pas : acomptes versés sur un site d'annonces",
                "Les victimes payaient par virement.",
            ),
            ("Police shut down cloned estate agent websites", ""),
            ("Clonan la página de una promotora para cobrar reservas", ""),
            ("PJ investiga espionagem informática a uma construtora", ""),
            (
                "Finance clerk wires funds after a call with a digitally generated likeness of \
                 the CFO",
                "",
            ),
            ("Cryptominage clandestin à son insu chez un hébergeur", ""),
            (
                "Buyers lose deposit after updated wiring instructions arrive",
                "The email looked like the title company's.",
            ),
            ("El correo con el nuevo IBAN no era de la notaría", ""),
            (
                "Ex-funcionário usava senhas de administrador para ver câmeras de clientes",
                "",
            ),
            (
                "Des accès à l'extranet d'un syndic proposés à la vente sur un forum",
                "",
            ),
            (
                "Käuferin überweist Kaufpreis nach Mail vom Notar auf fremdes Konto",
                "",
            ),
            (
                "Unbekannte haben Rücklagen über Online-Banking abgezweigt",
                "",
            ),
            (
                "Un ancien salarié détournait les virements des locataires",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Le réseau Immo attaque les agences traditionnelles avec un forfait unique",
                "",
            ),
            ("Aucun paiement ne peut être exigé sur place", ""),
            ("Empresário é libertado após família pagar resgate", ""),
        ],
    );
}

#[test]
fn fifty_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Russia blamed for GPS spoofing that put tankers on land",
                "",
            ),
            (
                "Ostsee: Positionsdaten von Frachtern gezielt verfälscht",
                "",
            ),
            ("Tumbaron la página del ministerio durante la noche", ""),
            ("Site da polícia derrubado durante a manhã", ""),
            ("Jailed for selling logins to a police database", ""),
            ("Vendía contraseñas de empleados de un ministerio", ""),
            (
                "Cámaras de comisarías formaban parte de una red de bots",
                "",
            ),
            (
                "La faille du webmail mise à profit pour lire les boîtes d'un bureau d'études",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Das Bataillon hat die ersten 60 Systeme übernommen", ""),
            (
                "Typhoons scrambled after bombers entered the airspace",
                "It was the third such intrusion this month.",
            ),
            ("Piratage du firmware : un pilote débride son drone", ""),
            (
                "Reservist charged over slides posted on a chat server",
                "Officials said no computer system had been hacked.",
            ),
        ],
    );
}

#[test]
fn fifty_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[(
            "Alerta: un fallo en un gestor de contenidos de diarios digitales se está \
                 explotando activamente",
            "",
        )],
    );
}

#[test]
fn fifty_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Ein Forscher fand die falsch konfigurierte Datenbank mit E-Mail-Adressen",
                "",
            ),
            (
                "Planificado durante meses, el ensayo simuló un ataque que dejaba inutilizados \
                 los servidores",
                "",
            ),
            (
                "A fake email asked reporters at the Courier for their logins and passwords in \
                 last week's awareness drill",
                "",
            ),
            (
                "Acusan a una marca de café de robo de identidad por su nuevo logo",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Sterbekasse: Startseite mit Parolen überschrieben", ""),
            (
                "Sustituyen la portada de la web de una asociación por mensajes políticos",
                "",
            ),
            (
                "Des pirates liés à un État ont fouillé le réseau d'un régime de retraite",
                "",
            ),
            (
                "INSS: SMS com link para atualizar benefício não é enviado pelo instituto",
                "",
            ),
            ("Praga rouba certificados digitais de contadores", ""),
            (
                "Rentenversicherung warnt vor nachgebauten Online-Diensten",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Sponsor breached its covenant, security of the scheme at risk",
                "",
            ),
            (
                "Cambriolages : l'assureur qui récompense les détecteurs d'intrusion",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Fake recruiters target engineers with Dream Job lures", ""),
            (
                "Una tecnológica descubre que el programador que contrató trabajaba para Corea \
                 del Norte",
                "",
            ),
            (
                "Falscher Personalchef im Videocall: Buchhalterin überweist 480.000 Franken",
                "",
            ),
            (
                "Wages paid to a stranger after HR received an email with new bank details",
                "",
            ),
            (
                "La bolsa de empleo quedó fuera de servicio: miles de equipos la saturaron a \
                 propósito",
                "",
            ),
            ("Site do sindicato inundado de tráfego artificial", ""),
            ("Un cheval de Troie découvert sur les postes de la paie", ""),
            (
                "Unbekannte übernehmen die LinkedIn-Karriereseite eines Maschinenbauers",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Warnung vor einer SMS-Welle im Namen von Paketdiensten", ""),
            (
                "Shoppers warned their card details may have been copied at checkout",
                "",
            ),
            ("Garden centre warns of copycat websites using its name", ""),
            (
                "Le pirate avait aspiré la base clients d'un site de prêt-à-porter",
                "",
            ),
            (
                "Tráfego forjado de milhares de dispositivos deita abaixo loja online",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Atacarejos exploram brecha tributária para baratear bebidas",
                "",
            ),
            (
                "Geleakt: Erste Bilder der Kollaboration kursieren im Netz",
                "Die Bilder tauchten zuerst auf Instagram auf.",
            ),
        ],
    );
}

#[test]
fn fifty_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Vuelve a operar tres semanas después de que delincuentes cifraran sus \
                 servidores",
                "",
            ),
            (
                "Los secuestros de datos contra laboratorios se duplican en 2024",
                "",
            ),
            (
                "Painéis de preço de farmácias alterados remotamente por desconhecidos",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "Nova terapia impede que sistema imune ataque as articulações",
            "",
        )],
    );
}

#[test]
fn fifty_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Des courriels piégés aux couleurs d'une caisse de retraite",
                "",
            ),
            (
                "Un inconnu a pris le contrôle de profils d'élus municipaux",
                "",
            ),
            (
                "Polícia investiga intrusão na rede da secretaria de saúde",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Importeure nutzen eine Lücke im Freihandelsabkommen aus",
                "",
            ),
            (
                "Las navieras explotan una brecha del acuerdo comercial con Asia",
                "",
            ),
            ("Wegen Spionage: Zwei Botschaftsmitarbeiter ausgewiesen", ""),
            (
                "Kanzlerin antwortet mit scharfer Attacke auf atomare Erpressung",
                "",
            ),
        ],
    );
}

#[test]
fn fifty_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Bösartige Pakete in der Bibliothek eines Kartendienstes entdeckt",
                "",
            ),
            ("Poisoned pipeline execution, explained for maintainers", ""),
            ("Une bombe logique dormait dans le logiciel de paie", ""),
            ("Un artefact du registre cachait une porte dérobée", ""),
            (
                "Invasor apaga repositórios e exige bitcoin para devolvê-los",
                "",
            ),
            (
                "Une extension raflait les identifiants de ses utilisateurs",
                "",
            ),
            ("Unbekannte stahlen SSH-Schlüssel eines Entwicklers", ""),
            (
                "Developers tricked into approving a malicious OAuth app",
                "",
            ),
            ("Compte du club de Vinzelles piraté", ""),
        ],
    );
}

#[test]
fn fifty_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "Autor remove o próprio pacote em protesto",
            "Segundo o npm, nada de malicioso havia no código.",
        )],
    );
}

#[test]
fn sixtieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Über das Babyfon: Ein Mann nutzte eine seit Monaten bekannte Lücke aus",
                "",
            ),
            ("Camera firmware actively abused, agency warns", ""),
            ("Un alumno tumbó el aula virtual del instituto", ""),
            (
                "Le lycéen voulait noyer l'espace numérique sous un flot de connexions",
                "",
            ),
        ],
    );
}

#[test]
fn rumours_an_item_denies_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Panne chez un transporteur : la direction dément",
                "Des internautes évoquaient un piratage sur les réseaux sociaux.",
            ),
            (
                "Outage at a ferry operator: company denies it was attacked",
                "Rumours of a cyberattack spread among passengers.",
            ),
            (
                "Caída del sistema de una naviera: la empresa lo niega",
                "Circulaban rumores de un ciberataque entre los pasajeros.",
            ),
            (
                "Apagão em porto: operadora nega",
                "Boatos de ataque hacker circularam nas redes.",
            ),
            (
                "Ausfall bei einer Reederei: Unternehmen weist Berichte zurück",
                "Gerüchte über einen Cyberangriff machten die Runde.",
            ),
        ],
    );
    // Without a denial, what is alleged counts.
    assert_rules(
        true,
        &[(
            "Panne chez un transporteur",
            "Des internautes évoquaient un piratage sur les réseaux sociaux.",
        )],
    );
}

#[test]
fn sixty_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Toman el control de cuentas de un registro de mascotas", ""),
            (
                "Une demande de paiement s'affiche sur les postes verrouillés",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Dossiers inutilisables après la crue : la clinique demande les carnets de santé",
                "",
            ),
            ("Ein Eindringling weniger dank der neuen Katzenklappe", ""),
        ],
    );
}

#[test]
fn sixty_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "A Beijing-linked group spent a year inside the network of a seed breeder",
                "",
            ),
            ("Nach Lösegeldforderung: Gärtnerei öffnet wieder", ""),
            (
                "Falha em câmeras já é explorada e ainda não tem correção",
                "",
            ),
            (
                "Piden bitcoin para devolver el disco duro de una familia",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[("Tills down all weekend, but it wasn't a cyberattack", "")],
    );
}

#[test]
fn sixty_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Invoices came from an address almost identical to the supplier's",
                "",
            ),
            ("Acusados de clonar la web de una aerolínea", ""),
            ("Ticket portal offline after a flood attack", ""),
            (
                "Los archivos de la clínica quedaron inaccesibles y reclamaban un pago",
                "",
            ),
            ("Akira afirma tener 80 GB de una cooperativa", ""),
            ("Sportverein verliert Kontrolle über Instagram-Konto", ""),
            ("Webs que suplantan a un banco cobran comisiones", ""),
        ],
    );
}

#[test]
fn sixty_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Punkband Malware kündigt Tournee an", ""),
            (
                "Label sues a site that hosted unlicensed copies of its records",
                "",
            ),
            (
                "Un polar sur des pirates informatiques en tête des ventes",
                "",
            ),
            ("Alta procura derruba site de inscrições do vestibular", ""),
            ("Ameaça de bomba esvazia sessão de cinema", ""),
            ("Booking site inaccessible for hours as demand soars", ""),
            ("Le piratage de mangas : des sites de scans bloqués", ""),
        ],
    );
}

#[test]
fn sixty_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Encuentran Pegasus en el teléfono de una periodista", ""),
            ("Noms de domaine imitant ceux d'une banque régionale", ""),
            ("Tumban la sede electrónica de un ayuntamiento", ""),
            (
                "Authentication bypass in a payroll portal was exploited for weeks",
                "",
            ),
            (
                "Des intrus ont utilisé une vulnérabilité du VPN d'un cabinet",
                "",
            ),
            ("Three law firms hit by malware", ""),
        ],
    );
}

#[test]
fn sixty_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Intrusion de manifestants au siège d'une banque", ""),
            ("Supplier breached its service agreement with customers", ""),
            ("Simulacro interno: un correo que imitaba al director", ""),
        ],
    );
}

#[test]
fn sixty_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Keystroke-logging software found on a council's laptops",
                "",
            ),
            (
                "Unbekannte hatten sich in das Netzwerk eines Verlags eingeschlichen",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_fifth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Honor code panel: nine students breached rules by sharing answers",
                "",
            ),
            (
                "Usurpation d'identité : il passait l'examen à la place de sa sœur",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("New sextortion emails claim to have filmed readers", ""),
            ("Überlastungsangriffe auf Kommunalportale", ""),
            (
                "Criminosos travaram os computadores de uma clínica e pediram resgate",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "Dating sites: what changes for someone's account in January",
            "",
        )],
    );
}

#[test]
fn sixty_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Erpresser legten den Server einer Spedition lahm", ""),
            ("Portal de escola amanhece com página trocada", ""),
            ("A flaw in a ticketing app was used to read bookings", ""),
            ("Patientendaten tauchen in einem Forum auf", ""),
            ("Falsche Seiten eines Ferienparks kassieren Anzahlungen", ""),
            ("Un code espion a copié les cartes de clients", ""),
            ("El grupo Play publica datos de una naviera", ""),
            ("Football club's fan page hijacked to sell fake shirts", ""),
        ],
    );
}

#[test]
fn sixty_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Le site d'escalade défiguré par des tags", ""),
            ("Bream and skimmers: a feeder angler's best catch", ""),
            ("Multados dos falsos guías de montaña", ""),
        ],
    );
}

#[test]
fn sixty_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Eine Flut gezielter Anfragen überlastete das Portal der Stadtwerke",
                "",
            ),
            (
                "Una brecha en el portal de citas de la mutua de funcionarios de Valdeluz fue \
                 explotada para descargar historiales",
                "",
            ),
            (
                "Le logiciel de paie d'une mairie piraté, les fiches des agents exposées",
                "",
            ),
            (
                "Tras un acceso indebido, el autor promete no publicarlos si recibe un pago",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Intrusion dans une maison de retraite : un homme ivre erre dans les couloirs",
                "",
            ),
            (
                "Lücke im Zaun ausgenutzt, um auf das Gelände der Werft zu gelangen",
                "",
            ),
            (
                "Una brecha en el portal de citas de una mutua de funcionarios podría ser \
                 explotada para descargar historiales",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Tauschbörse: Fremde übernahmen Konten und verkauften Sammlermünzen",
                "",
            ),
            (
                "Alguien leyó el correo de una casa de subastas durante semanas",
                "",
            ),
            (
                "Quien se había colado en el correo de la tienda cambió la factura",
                "",
            ),
            ("Invasor expõe lista de sócios de um clube de xadrez", ""),
            (
                "Quem testou senhas vazadas de outros sites levou os pontos de clientes de uma \
                 livraria",
                "",
            ),
            (
                "Vereinsseite eines Schachclubs mit Parolen verunstaltet",
                "",
            ),
        ],
    );
}

#[test]
fn sixty_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Maschen zählen ohne Zähler: ein Strick-Hack für Anfänger",
                "",
            ),
            ("A board game about rival hackers opens its preorders", ""),
            (
                "«Cortocircuito», el juego de mesa en el que los jugadores son piratas \
                 informáticos, llega a las tiendas",
                "",
            ),
            (
                "Descubra se sua senha está entre as senhas vazadas de outros sites",
                "",
            ),
            (
                "Pre-orders open for a board game about rival crews",
                "Each player plants backdoors on a fictional bank's servers.",
            ),
        ],
    );
}

#[test]
fn seventieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Sacked manager charged with unauthorised access after his dismissal",
                "",
            ),
            (
                "Un ex-informaticien a effacé les serveurs d'une brasserie",
                "",
            ),
            (
                "Gäste landen hinter dem QR-Code auf einer falschen Bezahlseite",
                "",
            ),
            (
                "Correos que imitan a una app de reparto piden verificar la cuenta",
                "",
            ),
            (
                "Una web que imitaba la pasarela de pago pedía los datos de la tarjeta",
                "",
            ),
            ("Medusa publica documentos de una cadena de heladerías", ""),
            (
                "Invasão ao site de pedidos de uma pizzaria expõe cartões",
                "",
            ),
            (
                "Des fraudeurs ont essayé en masse des mots de passe ayant fuité ailleurs",
                "",
            ),
        ],
    );
}

#[test]
fn seventieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "The bakery chain dismissed talk of a cyberattack after its tills froze",
                "",
            ),
            (
                "Un chef imita a su maestro en un menú que copia la carta de 1990",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Man admits logging into his ex-wife's cycling app account",
                "",
            ),
            (
                "Un reloj deportivo permitió localizar a corredoras",
                "Según la Fiscalía, un hombre aprovechó una vulnerabilidad de la app.",
            ),
            (
                "Une faille de la montre utilisée pour localiser des cyclistes",
                "",
            ),
            (
                "Unbekannte bieten Daten von Mitgliedern eines Laufvereins zum Kauf an",
                "",
            ),
            (
                "Members warned over bogus emails about their direct debit",
                "",
            ),
            (
                "Condamné pour avoir pillé des comptes d'utilisateurs d'une appli",
                "",
            ),
            (
                "Falsche Mahnungen führen auf eine nachgebaute Bezahlseite",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Tracker app back after a faulty update",
                "This was not a cyber attack and no data was accessed.",
            ),
            (
                "Eindringling im Fitnessstudio schlüpfte durch die Drehtür",
                "",
            ),
            (
                "Clube explora brecha do regulamento e escala atleta suspenso",
                "",
            ),
            (
                "Faille dans un logiciel de chiffrement utilisé pour sécuriser les échanges",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Card-stealing code turns up on a cinema chain's tills", ""),
            ("Fremde lasen die Mails eines Weinguts mit", ""),
            (
                "Namen und Adressen von Abonnenten in einem Darknet-Forum angeboten",
                "",
            ),
            (
                "Club de lectura avisa a sus socios",
                "Hallan un fragmento de código insertado en la página de pago de la librería.",
            ),
            (
                "Une cave en ligne visée",
                "Des slogans politiques à la place de la page d'accueil du site.",
            ),
        ],
    );
}

#[test]
fn seventy_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Ein Bier namens Trojaner darf so heißen", ""),
            ("Verlag nutzt Lücke im Urheberrecht aus", ""),
            ("Un vigneron a exploité une faille du droit des marques", ""),
            (
                "Web shop down on launch day",
                "The retailer says there was no evidence of malicious traffic.",
            ),
        ],
    );
}

#[test]
fn seventy_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Le groupe Qilin s'en prend à un traiteur", ""),
            (
                "Qilin bekennt sich zu einem Einbruch bei einer Eventagentur",
                "",
            ),
            (
                "Unbekannte überschreiben Startseite eines Vereins mit Hetzparolen",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Gefälschte Gedenkseiten verlangten Zugangsdaten von Trauernden",
                "",
            ),
            ("Nachgebaute Spendenseiten fragten nach Zugangsdaten", ""),
            ("Fake memorial pages lured grieving relatives", ""),
            (
                "Il s'était emparé de la messagerie d'un cabinet comptable",
                "",
            ),
            (
                "Un homme s'est emparé des comptes en ligne de ses voisins",
                "",
            ),
            (
                "Un inconnu a pris le contrôle de l'adresse électronique d'une mairie",
                "",
            ),
            ("Akira divulga ficheiros de uma clínica dentária", ""),
        ],
    );
}

#[test]
fn seventy_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Intrusion dans une bijouterie : le coffre-fort emporté", ""),
            ("Eindringling in Lagerhalle: Tür aufgehebelt", ""),
            (
                "No hay indicios de que la brecha de la aplicación haya sido usada por terceros",
                "",
            ),
            (
                "Aucun élément n'indique que la faille ait été exploitée par des pirates",
                "",
            ),
            (
                "Des malfaiteurs s'emparent d'un portefeuille matériel lors d'un home-jacking",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Intruders opened holiday lets' smart locks through stolen app accounts",
                "",
            ),
            (
                "Equipos de una gestoría cifrados junto a una nota que pide dinero",
                "",
            ),
            (
                "Transportadora volta ao papel depois de Akira cifrar tudo",
                "",
            ),
            ("Una variante de Mirai infecta cámaras de vigilancia", ""),
            (
                "Golpistas entram em contas de clientes de um aplicativo de entregas",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_fifth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Hausse des branchements pirates sur le réseau de distribution",
                "",
            ),
            (
                "Keine Hinweise darauf, dass die Lücke der App je ausgenutzt wurde",
                "",
            ),
            (
                "There is no evidence that the flaw in the app was exploited",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "App de transportes bloqueia contas após tentativas de login com senhas vazadas",
                "",
            ),
            ("Un exconcejal entró en el correo del alcalde", ""),
            (
                "Juzgado investiga un delito de acceso ilícito a los sistemas de un club",
                "",
            ),
            ("Recibieron un correo con un adjunto infectado", ""),
            ("L'écran de la gare détourné à distance", ""),
            ("Nachgemachte Bezahlseite sammelte Kreditkartendaten", ""),
            (
                "Site da prefeitura de Vila Nova amanhece com mensagem de invasores",
                "",
            ),
            ("Parquímetros com códigos QR sobrepostos", ""),
            ("Clientes queixam-se de contas acedidas por terceiros", ""),
            ("Councils warned of attacks on payment portals", ""),
        ],
    );
}

#[test]
fn seventy_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Ticketing site offline for upgrade",
                "There is no suggestion of any cyber attack.",
            ),
            ("Intrusos en el polideportivo: saltan la valla de noche", ""),
            ("Intrusion à la piscine : des jeunes venus se baigner", ""),
            (
                "Una app corrige un fallo",
                "Sus registros no muestran accesos indebidos.",
            ),
        ],
    );
}

#[test]
fn seventy_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Fotos de uma ótica postas à venda por hacker", ""),
            ("Gezielte Flut von Anfragen legte das Ticketportal lahm", ""),
            (
                "Le groupe Akira affirme détenir les fichiers d'un traiteur",
                "",
            ),
            ("Un tercero entró en su CRM y se llevó los contactos", ""),
            (
                "Una app avisa del robo de nombres y fechas de nacimiento",
                "",
            ),
            ("Unbekannte griffen Gesundheitsangaben von Kundinnen ab", ""),
            ("WhatsApp de loja de roupas é clonado", ""),
            (
                "Password-stealing malware at a hair salon led to its accounts being sold",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Schutzgeld von Kiosken: Erpresserbande vor Gericht", ""),
            ("Cantora diz ter sido atacada nas redes após show", ""),
        ],
    );
}

#[test]
fn seventy_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Falsche QR-Codes an Ladesäulen", ""),
            ("Gefälschte Online-Apotheke zog Kunden Geld ab", ""),
            ("Kartendaten im Onlineshop eines Optikers abgeschöpft", ""),
            ("Qilin erpresst einen Zulieferer", ""),
            ("Über gekaperte Praxiszugänge ausgestellt", ""),
            ("De faux écrans de connexion visent les comptables", ""),
            ("Criminosos usam falha no portal de uma distribuidora", ""),
            ("Farmácias online falsas enganam clientes", ""),
            ("Cryptominage clandestin sur les serveurs d'une mairie", ""),
            ("Históricos de compras anunciados em fórum clandestino", ""),
        ],
    );
}

#[test]
fn seventy_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Le virus de la grippe s'installe dans la région", ""),
            ("Rede de lojas explora brecha em tabela de preços", ""),
        ],
    );
}

#[test]
fn seventy_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Intrusão em sistema de clínica expõe fichas de pacientes",
                "",
            ),
            ("Invasores acessam painel de uma transportadora", ""),
            (
                "Un ancien technicien a effacé à distance la configuration des feux",
                "",
            ),
            ("Un lycéen avait manipulé le serveur de son école", ""),
            (
                "Ein Student manipulierte die Datenbank eines Verkehrsverbunds",
                "",
            ),
        ],
    );
}

#[test]
fn seventy_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Schwarzfahrer nutzen eine Lücke im Drehkreuz", ""),
            ("De faux contrôleurs réclament des amendes dans le tram", ""),
            ("Falsos fiscais cobram multas em dinheiro no metrô", ""),
        ],
    );
}

#[test]
fn eightieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Centenas de câmaras de vigilância infetadas em Braga", ""),
            (
                "Gravadores de um condomínio infectados e postos numa rede",
                "",
            ),
        ],
    );
}

#[test]
fn eightieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Kurierfahrer nutzten eine Lücke im Lohnsystem aus", ""),
            (
                "Repartidores aprovecharon un fallo en la remuneración por parada",
                "",
            ),
        ],
    );
}

#[test]
fn eighty_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Akira veröffentlicht interne Unterlagen einer Klinik", ""),
            ("Die Gruppe Play beansprucht eine Stadtverwaltung", ""),
            ("Ein Flood von 3 Tbps traf den Anbieter", ""),
            ("Unbekannte überfluteten den Dienst mit Datenmüll", ""),
            ("Senha furtada por desconhecidos numa clínica", ""),
        ],
    );
}

#[test]
fn eighty_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "Um milhão de fãs na fila virtual: a pré-venda de ingressos derruba site",
            "",
        )],
    );
}

#[test]
fn eighty_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[("Detenido un joven que tumbaba la web de su instituto", "")],
    );
}

#[test]
fn eighty_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Court finds a county breached its software licence", ""),
            (
                "Hacienda niega que los retrasos de la web se deban a un ataque informático",
                "",
            ),
        ],
    );
}

#[test]
fn eighty_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Angreifer verzerrten das Preisorakel eines Protokolls", ""),
            ("Drainer-as-a-service operators cash out", ""),
            ("Address poisoning costs a trader his savings", ""),
            ("Polícia liga o Lazarus a um desvio milionário", ""),
            ("Invasor manipula oráculo de uma plataforma", ""),
            (
                "Nordkoreanische Gruppe verteilt Spionagesoftware über fingierte Jobangebote",
                "",
            ),
        ],
    );
}

#[test]
fn eighty_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Unbekannte wählten sich in die Telefonanlage eines Hotels ein",
                "",
            ),
            ("Akira assume o ataque que parou uma fábrica", ""),
        ],
    );
}

#[test]
fn eighty_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Procon multa loja por publicidade enganosa na internet", ""),
            ("Cómo solicitar un duplicado de la tarjeta SIM", ""),
        ],
    );
}

#[test]
fn eighty_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Erpresser legten den Onlineshop mit einer Datenflut lahm",
                "",
            ),
            (
                "Exigen dinero a un club a cambio de no difundir los datos de sus socios",
                "",
            ),
            (
                "Les messageries de trois avocats espionnées pendant un an",
                "",
            ),
            (
                "Invasão a sistema da prefeitura expõe dados de servidores",
                "",
            ),
            ("Akira veröffentlicht Nutzerdaten eines Sportvereins", ""),
            ("The npm package was poisoned in May", ""),
        ],
    );
}

#[test]
fn eighty_fifth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Troyano gana la carrera de caballos del domingo en el hipódromo",
                "",
            ),
            ("Trojaner gewinnt das Trabrennen von Gelsenkirchen", ""),
        ],
    );
}

#[test]
fn eighty_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Hotel chain fined after guests' passport details were stolen",
                "",
            ),
            (
                "Des enregistreurs de frappe cachés sur les postes d'une mairie",
                "",
            ),
            (
                "Golpistas entram no sistema da prefeitura e mudam cadastros",
                "",
            ),
            (
                "La cuenta de un club de remo en X, secuestrada durante horas",
                "",
            ),
            (
                "El correo pirateado de una gestora envió facturas a sus clientes",
                "",
            ),
            (
                "Clientes de un despacho recibieron desde su buzón un IBAN cambiado",
                "",
            ),
            (
                "Un accès distant non autorisé ouvert sur les serveurs d'une clinique",
                "",
            ),
        ],
    );
}

#[test]
fn eighty_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Detenido por vender películas pirateadas desde su ordenador",
                "",
            ),
            ("Cobraba por una IPTV pirateada en su ordenador", ""),
        ],
    );
}

#[test]
fn eighty_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Ein Mirai-Ableger breitet sich über Heimrouter aus", ""),
            (
                "Des décodeurs livrés avec un programme caché installé à l'usine",
                "",
            ),
            (
                "Aplicativo de lanterna instalava minerador de criptomoeda nos celulares",
                "",
            ),
            (
                "Câmeras domésticas sequestradas exibiam salas de famílias na internet",
                "",
            ),
            ("Aparecen webs clon de una cadena de muebles", ""),
            ("Nutzer luden eine manipulierte App aus einem Forum", ""),
            ("Criminosos levaram o cadastro de clientes de uma loja", ""),
            (
                "Des milliers de caméras transformées en armes de déni de service",
                "",
            ),
        ],
    );
}

#[test]
fn eighty_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Una sirena suena cuando el sensor ve a un intruso en el jardín",
                "",
            ),
            (
                "Nova câmera manda alerta de invasão para o celular do dono",
                "",
            ),
            (
                "Empresa vai explorar brecha no mercado de carteiras digitais",
                "",
            ),
            ("Hack simples deixa o robô aspirador mais silencioso", ""),
            ("Un intrus au potager : c'était un raton laveur", ""),
        ],
    );
}

#[test]
fn eighty_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Le site d'une mairie remplacé par un message de propagande",
                "",
            ),
            ("Defacers leave slogans on a county library's website", ""),
            (
                "Cuentas de una tienda online, asaltadas durante el fin de semana",
                "",
            ),
            (
                "Logins em massa com credenciais vazadas de outros sites",
                "",
            ),
            ("Unbefugte veränderten Sollwerte per Fernwartung", ""),
            (
                "Un effaceur de données détruit les postes d'une mutuelle",
                "",
            ),
            (
                "Einbruch in die Entwicklungsumgebung eines Softwarehauses",
                "",
            ),
        ],
    );
}

#[test]
fn eighty_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Growth team hacked the business model of a bakery chain",
                "",
            ),
            ("Short-selling fund attacks a bank's accounting", ""),
            ("Gastro : un virus frappe un salon cyber à Lyon", ""),
        ],
    );
}

#[test]
fn eighty_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Clientes de un bufete pagaron a un IBAN distinto tras un correo",
                "",
            ),
            (
                "Detenidos falsos empleados que hacían instalar un programa a sus víctimas",
                "",
            ),
            ("Ein Datendieb griff Daten von Mandanten ab", ""),
            (
                "Avalanche de acessos forjados tira do ar o site de uma prefeitura",
                "",
            ),
            ("Akira divulgou contratos de uma construtora", ""),
        ],
    );
}

#[test]
fn eighty_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "The retailer's accounts breached an accounting standard, the regulator says",
                "",
            ),
            (
                "Traders in phones convicted of a VAT fraud worth millions",
                "",
            ),
            ("Die Lücke im Steuerrecht wurde jahrelang ausgenutzt", ""),
        ],
    );
}

#[test]
fn ninetieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Kliniken kämpfen mit Erpressungstrojanern", ""),
            (
                "Thieves came in through an unpatched mail server, the council says",
                "",
            ),
            (
                "Remote access software arrived with a malicious spreadsheet",
                "",
            ),
            ("Play claimed the attack on a town library", ""),
            ("Roban historias clínicas de un ambulatorio", ""),
            (
                "La página de inicio de una mutua, sustituida por una calavera",
                "",
            ),
        ],
    );
}

#[test]
fn ninetieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Plan d'action exigé après l'audit de la cantine", ""),
            (
                "Intrusos forzaron una puerta del almacén y se llevaron cobre",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Kundendaten eines Fitnessstudios stehen im Darknet", ""),
            ("Jemand hat mit meinem Passwort eingekauft", ""),
            (
                "Un comercio denuncia una réplica de la web de su banco que pedía la contraseña",
                "",
            ),
            (
                "Posts promised to double any bitcoin sent to the account",
                "",
            ),
            ("Whoever got into the school's servers left a note", ""),
            (
                "Ponen a subasta en la dark web los datos de una academia",
                "",
            ),
            ("Un adolescente, acusado de tumbar webs universitarias", ""),
            (
                "Escola se nega a pagar resgate a quem trancou as máquinas",
                "",
            ),
            (
                "Un logiciel destructeur a supprimé les fichiers d'un cabinet",
                "",
            ),
            (
                "Un inconnu s'était installé dans la messagerie d'un club",
                "",
            ),
            (
                "Kriminelle veränderten die Bezahlseite eines Ticketshops",
                "",
            ),
            (
                "Kriminelle griffen auf den Mailverkehr einer Kanzlei zu",
                "",
            ),
            (
                "Eine Rechnung mit falscher IBAN kam vom Postfach eines Zulieferers",
                "",
            ),
            (
                "Criminals got remote access to the server of a dental practice",
                "",
            ),
            (
                "Statt der Fahrpläne stand am Montag auf der Startseite ein Aufruf mit Parolen",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Resgate pago por fazendeiro sequestrado divide a cidade",
                "",
            ),
            ("Truques para «hackear» o orçamento e as contas", ""),
        ],
    );
}

#[test]
fn ninety_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Ein Add-on spähte Passwörter seiner Nutzer aus", ""),
            (
                "A denial-of-service flood knocked a school's website offline",
                "",
            ),
            (
                "Un sorteo de ethereum anunciado en vídeo resultó ser una estafa",
                "",
            ),
            (
                "Reused passwords from other sites opened a gym's member accounts",
                "",
            ),
            ("Plugin bug used to take over store admin panels", ""),
            (
                "Un adjunto infecta decenas de ordenadores en una gestoría",
                "",
            ),
            ("Vítimas do golpe do chip perdem o acesso ao banco", ""),
            ("Le portail d'une mairie bombardé de requêtes", ""),
        ],
    );
}

#[test]
fn ninety_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Una red social inicia una limpieza de cuentas falsas", ""),
            ("Vídeo sobre o 'vírus da saudade' viraliza nas redes", ""),
            ("Outro perfil satírico clona o formato de um talk show", ""),
        ],
    );
}

#[test]
fn ninety_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Unbekannte baten einen Vereinswart, den Code weiterzuleiten",
                "",
            ),
            (
                "Über einen Link sollen Mieter ihre Kartendaten eingeben",
                "",
            ),
            ("This text message wants your bank login", ""),
            ("Una app espía leía los mensajes de una concejala", ""),
            ("A political rant replaced the homepage of a gym", ""),
        ],
    );
}

#[test]
fn ninety_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Bacterias y virus en el ordenador de la oficina", ""),
            ("Mise à jour : la manipulation pour annuler", ""),
        ],
    );
}

#[test]
fn ninety_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Staatshacker nahmen ein Vermessungsamt ins Visier", ""),
            ("Nachgebaute Bankseiten fragten nach der PIN", ""),
            (
                "Unauthorized presence in a water utility's network went unnoticed for a year",
                "",
            ),
            (
                "Un pare-feu non corrigé, porte d'entrée vers les serveurs",
                "",
            ),
            ("Ex-funcionário apagou de propósito a base de dados", ""),
            ("Onda de acessos forjados deixa portal de vagas lento", ""),
            ("Mustang Panda usa documentos cebo contra embajadas", ""),
        ],
    );
}

#[test]
fn ninety_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Lücke im Förderrecht ausgenutzt, sagt der Rechnungshof", ""),
            (
                "Colapso por miles de peticiones legítimas en la web de becas",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Voice callers tricked a hotel chain's service desk into a reset",
                "",
            ),
            ("CNPD aplica coima a uma clínica após invasão", ""),
            (
                "Datenschutzbehörde prüft Einbruch bei einer Krankenkasse",
                "",
            ),
            ("Spy tool found on a union leader's handset", ""),
            (
                "Como drenaram um protocolo DeFi com um empréstimo relâmpago",
                "",
            ),
            ("La lista de socios de un club se vende en un foro", ""),
        ],
    );
}

#[test]
fn ninety_fifth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Lo que cuesta el rescate de Caja Levante", ""),
            (
                "Engenheiro espionou para a China com identidade falsa, diz acusação",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Convencieron al servicio de ayuda de una aseguradora para cambiar la clave",
                "",
            ),
            (
                "Une rançon exigée après le blocage de l'informatique d'une mairie",
                "",
            ),
            (
                "A former pupil broke into the school's timetable system",
                "",
            ),
            (
                "An outfit is selling 2 million records of a bike shop on a dark web market",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "Film review: a slow-burning thriller",
            "A loner breaks into bank systems in the first reel.",
        )],
    );
}

#[test]
fn ninety_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Terminal com sistemas cifrados e pedido de resgate deixa navios parados",
                "",
            ),
            (
                "Site da federação de ciclismo amador do interior paulista aparece pichado",
                "",
            ),
            (
                "Quem explorou o erro do contrato inteligente levou 9 milhões",
                "",
            ),
            ("Medusa ransomware hits the host city of a G20 summit", ""),
        ],
    );
}

#[test]
fn ninety_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Muro da escola pichado; o caso está no site da prefeitura",
                "",
            ),
            (
                "Pirates seize a tanker and demand a ransom for the crew",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Löschprogramm von Sandworm traf einen Netzbetreiber", ""),
            (
                "Unbekannte zogen Daten aus dem Mitgliederportal eines Vereins ab",
                "",
            ),
            (
                "Les pages d'accueil de trois lycées remplacées par des textes revendicatifs",
                "",
            ),
            ("Ofensiva de 900 Gbps deixa loja online fora do ar", ""),
            (
                "Sensores contam tentativas de explorar a falha dos roteadores",
                "",
            ),
            (
                "Des appareils infectés par un logiciel de minage installé à distance",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Die Truppen zogen nach drei Tagen aus der Stadt ab", ""),
            (
                "Operadora lança fibra de 2 Gbps para clientes residenciais",
                "",
            ),
        ],
    );
}

#[test]
fn ninety_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Condamné, le jeune homme s'introduisait la nuit dans le serveur d'une mutuelle",
                "",
            ),
            ("Fichas de 12 mil alunos publicadas na dark web", ""),
        ],
    );
}

#[test]
fn ninety_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Korrektur: Der Sportverein wurde nicht gehackt", ""),
            (
                "Korrektur zum Ausfall im Rathaus",
                "In einer früheren Fassung hieß es, Unbekannte hätten die Server der Stadt \
                 angegriffen. Das ist falsch: Ein Netzteil war defekt.",
            ),
            (
                "Parada dos caixas foi causada por erro no sistema e não por ataque, diz rede",
                "",
            ),
            (
                "Fe de errores",
                "Una versión anterior hablaba de un ataque informático. Lamentamos el error.",
            ),
            (
                "Police search for the kidnappers of a shop owner's daughter",
                "Officers found the car on a forest road at dawn. Her parents received a \
                 ransom note on Monday.",
            ),
        ],
    );
}

#[test]
fn hundredth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Unbekannte greifen Kundendaten eines Optikers ab", ""),
            (
                "Eine als Wetter-App getarnte Anwendung hat Tausende Handys befallen",
                "",
            ),
            (
                "El club denuncia que alguien se colara en el correo de su tesorera",
                "",
            ),
            (
                "Mustang Panda tuvo acceso a la red de un ministerio durante meses",
                "",
            ),
            ("Akira se atribuye el golpe contra una naviera", ""),
            (
                "La web municipal, con la portada sustituida por textos de un grupo que se hace \
                 llamar Los Halcones",
                "",
            ),
            (
                "Retiros congelados luego de que desconocidos aprovecharan una falla del \
                 monedero digital",
                "",
            ),
            (
                "Criminosos copiaram CPFs de clientes de uma rede de óticas",
                "",
            ),
            (
                "Des courriels imitaient à la perfection son PDG : la PME a viré 900 000 euros",
                "",
            ),
            (
                "Buchhalter überwiesen 50.000 Euro nach Mails im Namen des Geschäftsführers",
                "",
            ),
        ],
    );
}

#[test]
fn hundredth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "El delantero aprovechó un fallo del portero en el minuto 80",
                "",
            ),
            ("Schädlinge haben die Obstbäume im Kreis befallen", ""),
        ],
    );
}

#[test]
fn hundred_and_first_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Mails im Namen der Stadtbibliothek verlangen die Bestätigung des Kontos",
                "",
            ),
            (
                "Courriels au nom du centre des impôts : ils réclament un code",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_first_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Fact check: No, Senator Reyes wasn't hacked — he wrote the post himself",
                "",
            ),
            (
                "Faktencheck",
                "Ein Beitrag behauptet, die Sparkasse sei gehackt. Bewertung: falsch.",
            ),
        ],
    );
}

#[test]
fn hundred_and_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Unser Shop-Server wurde die ganze Nacht mit Traffic geflutet",
                "",
            ),
            ("Inundaron a propósito los servidores del campeonato", ""),
            (
                "Ein Drainer hat meine Wallet nach der Signatur leer gemacht",
                "",
            ),
            (
                "Code weitergegeben und schon war mein WhatsApp-Konto weg",
                "",
            ),
            (
                "Um grupo derrubou o website da prefeitura durante horas",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Nach dem Unwetter wurden die Keller mit Wasser geflutet",
                "",
            ),
            (
                "A propósito das ruas inundadas, a câmara abre um abrigo",
                "",
            ),
            ("Ce drainer à vaisselle en bambou tient vingt assiettes", ""),
            (
                "Falha no hospital",
                "Não se tratou de qualquer ataque informático, mas de um corte de energia.",
            ),
        ],
    );
}

#[test]
fn hundred_and_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Falha elétrica, e não intrusão informática, parou a bilheteira do metro",
                "",
            ),
            (
                "Une panne de courant, et non une attaque informatique, a coupé le portail",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Eine bis dahin nicht öffentlich bekannte Schwachstelle wurde ausgenutzt",
                "",
            ),
            (
                "On 9 May malicious requests knocked the booking portal offline",
                "",
            ),
            (
                "Salle informatique fermée après la découverte d'un ver informatique",
                "",
            ),
            (
                "La cantine a perdu 12 000 € via un terminal de paiement piraté",
                "",
            ),
            (
                "Auf den Servern der Stadtwerke fand die IT ein Erpresserschreiben",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Erpresserbrief an eine Brauerei: Täter droht mit vergiftetem Bier",
                "",
            ),
            (
                "Intrusion nocturne dans les vestiaires du stade : des maillots volés",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_fifth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Eine Erweiterung hat meine Passwörter abgesaugt", ""),
            ("Cliquei no link do SMS e limparam a minha conta", ""),
            ("The repair shop found a spy app hidden on her phone", ""),
        ],
    );
}

#[test]
fn hundred_and_fifth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "El fallo del lector existe, pero nadie lo ha usado para vaciar cuentas",
            "",
        )],
    );
}

#[test]
fn hundred_and_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "The vendor is aware of reports that the flaw may have been exploited",
                "",
            ),
            (
                "An exploit for the browser flaw exists in the wild, the maker says",
                "",
            ),
            (
                "El fabricante tiene conocimiento de informes de que la falla fue aprovechada",
                "",
            ),
            (
                "Firmware closes a login flaw that attackers are using to wipe folders",
                "",
            ),
            (
                "Fremde haben aus Wallets Guthaben abgezogen, das Update schließt den Fehler",
                "",
            ),
            (
                "Operadores de DeadBolt bloquearan los discos y pidieran un rescate",
                "",
            ),
            (
                "Parche urgente tras el borrado de copias por afiliados de Akira",
                "",
            ),
            ("Un tiers a copié notre base d'utilisateurs", ""),
        ],
    );
}

#[test]
fn hundred_and_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Le filtre anti-hameçonnage se règle désormais dossier par dossier",
                "",
            ),
            (
                "A printer maker fixed the flaw and denies it was exploited",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_seventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Police say a man broke into 300 customers' accounts at a kiosk firm",
                "",
            ),
            (
                "Jemand hat mit Absicht sehr viele Anfragen an die Seite der Bücherei geschickt",
                "",
            ),
            (
                "Des milliers d'ordinateurs ont envoyé des requêtes au portail, exprès",
                "",
            ),
            (
                "Un programa escondido en una linterna para móviles roba los contactos",
                "",
            ),
            (
                "Die Praxen bekamen ein vergiftetes Update für die Terminplanung",
                "",
            ),
            (
                "Unbekannte kamen durch eine Schwachstelle in die Server der Gemeinde",
                "",
            ),
            (
                "Kriminelle benutzen die Schwachstelle in den Routern schon",
                "",
            ),
            (
                "Espiões digitais estiveram meses dentro da fábrica de drones",
                "",
            ),
            (
                "El grupo bloquea los ordenadores de la bodega y pide un pago",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_seventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "The maker is not aware of reports that the flaw was exploited",
                "",
            ),
            (
                "El fabricante no tiene conocimiento de informes de que la falla fuera explotada",
                "",
            ),
            ("Le faux mail du directeur était un poisson d'avril", ""),
            ("Un escape game où les enfants jouent aux hackers", ""),
            (
                "Le club des hackers du collège répare de vieux ordinateurs",
                "",
            ),
            (
                "Les habitants ont cru à une attaque informatique : ce n'étaient pas des pirates",
                "",
            ),
            (
                "Muchos pensaron en piratas informáticos, pero no fue un ataque",
                "",
            ),
            (
                "A propósito de las peticiones de los vecinos, responde el alcalde",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_eighth_and_ninth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Auf den Rechnern steht ein Schreiben, das für die Entsperrung Geld verlangt",
                "",
            ),
            (
                "Le portail est tombé sous un afflux volontaire de requêtes",
                "",
            ),
            (
                "O portal de voto ficou submerso por pedidos coordenados",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_eighth_and_ninth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Follow-up: no unauthorised access to the practice's systems",
                "",
            ),
            (
                "Half-term workshop: the Young Hackers Club builds robots from old toys",
                "",
            ),
            (
                "Atelier Petits hackers : les enfants réparent un vieil ordinateur",
                "",
            ),
            (
                "Oficina Pequenos hackers: crianças montam robôs na biblioteca",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_tenth_and_eleventh_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Someone got into the controls and remotely raised the chlorine dose",
                "",
            ),
            (
                "Per Fernzugriff verstellten Fremde die Chlordosierung im Wasserwerk",
                "",
            ),
            (
                "Am Automaten klebt eine nachgemachte Bezahlseite als QR-Code",
                "",
            ),
            (
                "Tiefbau Krell: Cl0p publica na internet fichas de clientes",
                "",
            ),
            (
                "Stundenlang traf gefälschter Datenverkehr die Server der Stadt",
                "",
            ),
            (
                "Mustang Panda envió documentos trampa a dos cancillerías",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_tenth_and_eleventh_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Sport: the Pirates beat Harriers to go fourth", ""),
            (
                "Staff can now adjust the chlorine dose remotely from the office",
                "",
            ),
            (
                "The update fixes 70 flaws; none of them is known to have been used in attacks",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twelfth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "The treasurer says someone logged into the club's bank account",
                "",
            ),
            (
                "In jedem Ordner lag eine Textdatei mit einer Bitcoin-Adresse",
                "",
            ),
            ("Someone slipped a backdoor into the release", ""),
            (
                "Nos inundaron la web con tráfico basura durante tres días",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twelfth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Pesquisadora que achou falha em câmeras: não há sinal de que alguém a tenha usado",
                "",
            ),
            (
                "The club treasurer stole the season-ticket money from the account",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_thirteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Un volumen enorme de peticiones llegó desde miles de direcciones",
                "",
            ),
            ("Deixaram uma nota de resgate em cada pasta partilhada", ""),
            (
                "Los ordenadores de la fábrica, bloqueados por el grupo Akira",
                "",
            ),
            ("Unbekannte haben die Hot Wallet der Börse geleert", ""),
            (
                "Un actor vinculado a un gobierno extranjero tuvo acceso a los buzones",
                "",
            ),
            (
                "A weakness in the hospital's old patient web portal was used to enter",
                "",
            ),
            ("El grupo usó una vulnerabilidad del servidor de correo", ""),
            (
                "Invasores exploraram uma falha não corrigida no servidor",
                "",
            ),
            (
                "Multa por falhas que permitiram a intrusos copiar os contratos",
                "",
            ),
            (
                "Boutique en ligne : le module de paiement du site modifié",
                "Une modification malveillante est en cause.",
            ),
            (
                "An outside party obtained access to the content management system",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_thirteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "The group did not experience any material security incident this year",
                "",
            ),
            (
                "Fehlbuchung: versehentlich die Bankverbindung eines anderen Lieferanten gewählt",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_fourteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Ein Eingriff von außen in die Steuerung der Pumpen", ""),
            (
                "A prefeitura recusa pagar a quem lhe encriptou os arquivos",
                "",
            ),
            (
                "Terceiros transferiram o dinheiro depois de se apoderarem das credenciais",
                "",
            ),
            ("Os registos foram copiados por invasores", ""),
            (
                "Die Täter verlangten eine Zahlung für die gesperrten Dateien",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_fourteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Correction: vandals hacked down the hedge in the park", ""),
            (
                "An earlier headline wrongly said the library website was hacked",
                "",
            ),
            (
                "Our report of a cyber incident at the bakery is withdrawn",
                "",
            ),
            (
                "Retraction: the payroll delay had nothing to do with intruders",
                "",
            ),
            (
                "Correction to our report",
                "We reported that hackers had dumped the council's files. No outsider was \
                 involved: staff posted them by mistake.",
            ),
        ],
    );
}

#[test]
fn hundred_and_fifteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Wie Unbekannte das Wallet des Vereins leerräumten", ""),
            ("Fremde gelangten in die Systeme der Gemeinden", ""),
            (
                "Die Täter sperrten die Lagersoftware und verlangten Geld",
                "",
            ),
            ("Auf allen Bildschirmen stand eine Zahlungsaufforderung", ""),
            ("Une note réclamant des bitcoins s'affichait partout", ""),
            (
                "Ils demandaient des bitcoins pour déverrouiller les dossiers",
                "",
            ),
            ("The file-transfer flaw Cl0p used to raid the insurer", ""),
        ],
    );
}

#[test]
fn hundred_and_fifteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Um ano depois, a investigação afastou qualquer intrusão nos sistemas",
                "",
            ),
            ("Nenhuma das falhas chegou a ser usada em ataques", ""),
            (
                "La docuserie sobre el secuestro del empresario y el rescate pagado",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_sixteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Auf dem Diensthandy fand sich eine versteckte Überwachungs-App",
                "",
            ),
            ("Los extorsionadores de Akira contra el ayuntamiento", ""),
            ("Os servidores da prefeitura, travados pelo grupo Akira", ""),
            ("Alguém deixou a conta da loja com a senha trocada", ""),
            (
                "An outsider took over the dosing pumps at the water works",
                "",
            ),
            (
                "Un prestataire infiltré a servi de porte d'entrée vers les réseaux",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_sixteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "A cryptographer is called back to stop an invented hacker collective",
                "",
            ),
            (
                "A atriz de 'Hackers do Asfalto' conta como viveu a personagem",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_seventeenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "The gang demands $4m after locking the port firm's systems",
                "",
            ),
            ("Ein Wiper löschte in der Nacht alle Rechner der Bank", ""),
            (
                "Ficha de funcionários copiada dos servidores da fábrica",
                "",
            ),
            ("Die Gruppe kaperte die Server der Botschaft", ""),
            (
                "Le composant modifié servait à envoyer les coordonnées à un serveur inconnu",
                "",
            ),
            ("Un fallo de día cero se usa para infectar los equipos", ""),
            (
                "Manipulan a distancia los controladores de la planta de agua",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_seventeenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "Rússia explora brechas nas sanções para importar peças de drones",
            "",
        )],
    );
}

#[test]
fn hundred_and_eighteenth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Von außen wurden die Sollwerte der Chemikaliendosierung verändert",
                "",
            ),
            (
                "La page Facebook de la mairie détournée pour publier un faux ordre d'évacuation",
                "",
            ),
            (
                "Des balayages automatisés exploitant une vulnérabilité ont touché les serveurs",
                "",
            ),
            (
                "Deputado pede explicações sobre o resgate exigido pelo grupo Akira",
                "",
            ),
            (
                "Los asociados perdieron dinero tras el robo de sus accesos",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_eighteenth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Safety of horse riders hacking out after dark", ""),
            (
                "Séquestrations contre rançon d'entrepreneurs de la cryptomonnaie",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_nineteenth_and_twentieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Bandidos trancam os computadores da escola e exigem bitcoin para os libertar",
                "",
            ),
            (
                "Un inconnu a pris le contrôle à distance des écrans de l'aéroport",
                "",
            ),
            (
                "Unbekannte verstellen per Fernzugriff die Dosierung im Klärwerk",
                "",
            ),
            (
                "Desconocidos toman control del perfil de Instagram del club",
                "",
            ),
            ("Die Bande droht mit Veröffentlichung der Personalakten", ""),
            (
                "Ganoven verschafften sich Zugang zum Netzwerk der Praxis",
                "",
            ),
            ("Hospitais param após fornecedor de TI invadido", ""),
            ("Hintertür im beliebten Scannertreiber", ""),
            (
                "Acusado de meterse en los correos de su exjefa a distancia",
                "",
            ),
            (
                "Fremde verschafften sich Zugang zur Kundenkartei eines Optikers",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_nineteenth_and_twentieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Kein Hacker-Angriff: Rathaus-Server fiel nach Stromausfall aus",
                "",
            ),
            (
                "Rumours swept social media that intruders had accessed the council's servers",
                "The council denied it: a power cut took the servers down.",
            ),
            (
                "Seguradora desmente boatos",
                "Nas redes dizia-se que a empresa teria sido atacada por criminosos informáticos. \
                 Foi uma falha elétrica.",
            ),
            (
                "L'Arcom fait fermer des sites pirates de streaming illégal",
                "",
            ),
            (
                "Fabricante corrige 20 falhas; nenhuma delas foi aproveitada por criminosos",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twenty_first_and_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Zwei vergiftete npm-Pakete entdeckt", ""),
            ("Criminosos estão usando uma falha do roteador", ""),
            ("Unbekannte haben die Firewall-Lücke eingesetzt", ""),
            ("Los equipos quedaron bloqueados a cambio de dinero", ""),
            (
                "Un individu s'est introduit dans le serveur de la mairie",
                "",
            ),
            (
                "Estelionatários fazem clonagem de WhatsApp de comerciantes",
                "",
            ),
            ("Cifran los servidores de la planta y exigen un pago", ""),
            ("Siguen vaciando monederos de criptomonedas", ""),
            ("Akira-Erpresser treffen einen Maschinenbauer", ""),
            ("Gestohlene VPN-Zugänge öffneten die Tür", ""),
            (
                "Verrouillage des fichiers de la mairie contre de l'argent",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twenty_first_and_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Las mejores series sobre hackers del año", ""),
            (
                "Cloud outages blamed on faulty updates rather than hackers",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twenty_third_and_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Víctimas de duplicados de SIM perdieron sus ahorros", ""),
            ("La municipalidad pagó para descifrar sus servidores", ""),
            ("Unbekannte steuerten aus der Ferne die Schleusen", ""),
            ("Wie schnell Kriminelle die Lücke ausnutzten", ""),
            ("Der Passwort-Dieb kam mit raubkopierten Spielen", ""),
            ("Desconocidos entraron en el aula virtual del instituto", ""),
            ("Un inconnu a pris la main à distance sur les écrans", ""),
        ],
    );
}

#[test]
fn hundred_and_twenty_third_and_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Kreuzfahrt: Decks wegen Norovirus gesperrt, Portal fordert Minderung",
                "",
            ),
            (
                "Faille corrigée sur des serrures, sans piratage recensé",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twenty_fifth_and_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Después de que un tercero cambiara la contraseña de la cuenta",
                "",
            ),
            (
                "Un programa registraba las pulsaciones del teclado de los cajeros",
                "",
            ),
            ("Chlorine settings changed through a remote access tool", ""),
            (
                "Über einen Fernzugang wurde die Chlordosierung verstellt",
                "",
            ),
            ("El buzón del proveedor, intervenido por terceros", ""),
            (
                "Vidage du portefeuille de cryptoactifs de la fédération",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twenty_fifth_and_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Licitación para pruebas de penetración y hackeo ético", ""),
            (
                "Renewal of firewall licences with intrusion prevention updates",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_twenty_seventh_and_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Die Buchungsseite wurde mit Millionen von Anfragen lahmgelegt",
                "",
            ),
            ("Bots entupiram o servidor da câmara durante a votação", ""),
            ("O portal foi bombardeado com pedidos falsos", ""),
            (
                "O letreiro da praça exibiu insultos: assumiram o controle dele pela internet",
                "",
            ),
            ("The dosing level was changed over the internet", ""),
            (
                "Después de que alguien manipulara a distancia las bombas",
                "",
            ),
            (
                "Pagó a un proveedor falso después de que le robaran el correo a su contable",
                "",
            ),
            (
                "Un mouchard logiciel relevait les cartes bancaires des clients",
                "",
            ),
            ("Unbekannte kapern die Facebook-Seite des Vereins", ""),
            (
                "Un programa oculto registraba todo lo tecleado en el equipo",
                "",
            ),
            ("Someone copied passport scans from the claims system", ""),
            ("Estranhos trocaram a senha da conta do clube", ""),
        ],
    );
}

#[test]
fn hundred_and_twenty_seventh_and_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Volunteers hacked back the hedge by the church", ""),
            ("Brennholz gehackt und gestapelt für den Winter", ""),
            ("The intruder alarm at the school went off again", ""),
        ],
    );
}

#[test]
fn hundred_and_twenty_ninth_and_thirtieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "L'application vérolée a été téléchargée sur des milliers de téléphones",
                "",
            ),
            (
                "Des pirates ont caché un cheval de Troie dans la mise à jour du logiciel",
                "",
            ),
            ("Eine Umfrage fand Passwort-Stehler auf Firmenlaptops", ""),
            (
                "Sócios reclamam depois de desconhecidos tomarem a conta do clube",
                "",
            ),
            ("An intrusion into the council network raised the alarm", ""),
        ],
    );
}

#[test]
fn hundred_and_twenty_ninth_and_thirtieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[("Quiz : trouvez l'intrus parmi ces cinq fromages", "")],
    );
}

#[test]
fn hundred_and_thirty_first_and_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Man hacked at his neighbour with a machete", ""),
            ("Zu verkaufen: die DVDs Hackers und Sneakers, 10 Euro", ""),
            ("Livro usado sobre hackers, em bom estado", ""),
            ("For sale: bike frame hacked about, parts only", ""),
        ],
    );
}

#[test]
fn hundred_and_thirty_third_and_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Su teléfono fue infectado con Pegasus tras el libro", ""),
            (
                "A program on the shared PCs recorded everything users typed",
                "",
            ),
            (
                "Die Polizei meldet mehr übernommene Onlinebanking-Zugänge",
                "",
            ),
            (
                "Un intrus est passé par une faille de la console des sirènes",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_thirty_third_and_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[(
            "O Invasor de Redes, romance sobre um jovem hacker, chega às livrarias",
            "",
        )],
    );
}

#[test]
fn hundred_and_thirty_fifth_and_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Die Praxisdaten ließen sich nicht mehr öffnen, eine Notiz verlangte Geld",
                "",
            ),
            (
                "A note asked for 3 bitcoin to get them back after the shop's invoices vanished",
                "",
            ),
            ("El grupo Play bloqueó los equipos del hotel", ""),
            (
                "Nach dem Klick auf den Link gab ihre Mutter die Zugangsdaten ein",
                "",
            ),
            (
                "Hackearam a webcam da sala e invadiram a câmera do escritório",
                "",
            ),
            (
                "A polícia diz que o meu PC fazia parte de uma rede de computadores controlados por criminosos",
                "",
            ),
            (
                "A coach found a hidden app on the player's phone that sent her location to a stranger",
                "",
            ),
            (
                "He asked me to install AnyDesk and then drained my savings",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_thirty_fifth_and_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Wir dachten, das Vereinskonto sei gehackt worden – es war der Kassenwart",
                "",
            ),
            (
                "Achei que tinham invadido o meu e-mail: era o meu filho no tablet",
                "",
            ),
            ("Câmera flagrou quem invadiu o quintal", ""),
            ("Bitcoin ETF funds need approval to unlock new flows", ""),
        ],
    );
}

#[test]
fn hundred_and_thirty_seventh_and_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "The mayor said strangers took advantage of an unpatched weakness in the mail server",
                "",
            ),
            (
                "Bürgermeisterin: Fremde kamen über eine Lücke in der Firewall ins Netz",
                "",
            ),
            (
                "An old VPN flaw let intruders into the clinic's appointment system",
                "",
            ),
            (
                "A parking text took card details from hundreds of drivers",
                "",
            ),
            (
                "Die Stadt sucht IT-Leitung nach Einbruch über eine Schwachstelle",
                "",
            ),
            (
                "Un grupo extranjero pasó meses escondido en la red copiando diseños",
                "",
            ),
            (
                "Alguien entrara en el programa de nóminas y se llevara los datos",
                "",
            ),
            (
                "Akira pidió dinero tras dejar ilegibles los historiales de la residencia",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_thirty_seventh_and_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Der Minister: „Im Paragraf 7 des Entwurfs steckt ein Trojaner“",
                "",
            ),
            ("Trainer: «Les hemos hackeado su defensa con paciencia»", ""),
            ("«Son unos hackers de la ley», dice la oposición", ""),
            (
                "Des manifestants ont verrouillé les grilles et exigé une audience",
                "",
            ),
            (
                "Guías para la exposición del museo sobre los troyanos y el caballo de madera",
                "",
            ),
            ("Growth: alguém para hackear o nosso funil de vendas", ""),
            (
                "The outage came from our own change, there was no intruder",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_thirty_ninth_and_fortieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            ("Einbruch in Schulserver: Zeugnisnoten geändert", ""),
            ("Club de judo – données de 3 000 adhérents aspirées", ""),
            ("Spedition Olm: Schadsoftware, Lager steht still", ""),
            (
                "Le laboratoire fête ses 20 ans; ses boîtes mail, lues en secret pendant un an",
                "",
            ),
            (
                "Notre compte Instagram, passé aux mains d'un inconnu, vantait un faux placement",
                "",
            ),
            (
                "Un individu avait emporté la base clients de la billetterie",
                "",
            ),
            (
                "Un courriel aux parents, avec un lien qui enregistrait leur numéro de carte",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_thirty_ninth_and_fortieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Netzbetreiber: Webseite down, kein DDoS", ""),
            ("Mobile bank outage: a faulty switch, not DDoS", ""),
            (
                "Teehändler: Lücke im Teemarkt ausgenutzt, Umsatz verdoppelt",
                "",
            ),
            ("Operadora: queda foi erro de configuração, não hackers", ""),
        ],
    );
}

#[test]
fn hundred_and_forty_first_and_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Lycée Colbert : serveur de messagerie forcé pendant les vacances",
                "",
            ),
            (
                "Ein Unbekannter verschaffte sich Zugang zum Kundenportal des Fahrradladens",
                "",
            ),
            (
                "Le site de la ligue de hockey « DDoSé » pendant la finale",
                "",
            ),
            (
                "Fernwartungszugang missbraucht: Heizung im Rathaus aus der Ferne abgeschaltet",
                "",
            ),
            (
                "Gilden-Forum: Nutzerdatenbank gedumpt und auf Pastebin gestellt",
                "",
            ),
            (
                "Akira bricked the servers of a dental chain and wants a fee to hand back the keys",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_forty_first_and_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Thriller-Kritik: Erpresser verschlüsseln die Rechner einer erfundenen Reederei",
                "",
            ),
            (
                "Im Roman lockt eine Hochstaplerin mit falschen Profilen einsame Witwer",
                "",
            ),
            (
                "Jeu vidéo : « Ciel de Néon » vous met dans la peau d'un pirate informatique",
                "",
            ),
            (
                "Análisis: un juego de infiltración en el que el pirata informático eres tú",
                "",
            ),
            ("Le piratage des ondes : une histoire des radios libres", ""),
            (
                "Intrusion sur la pelouse : un supporter interdit de stade pour un an",
                "",
            ),
            (
                "Wie ein Bäcker den Algorithmus von Instagram gehackt hat",
                "",
            ),
            (
                "Panne de la billetterie : « trop de monde, pas de hackers »",
                "",
            ),
            (
                "Bug de l'appli bancaire : aucun accès frauduleux aux comptes des clients",
                "",
            ),
            (
                "Smart-lock app flaw fixed, with nothing suggesting the bug was used against owners",
                "",
            ),
            (
                "Panne du site : le club exclut toute attaque par déni de service",
                "",
            ),
            (
                "Photo du prototype publiée par erreur : une maladresse, pas un vol de données",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_forty_third_and_fourth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Hunderte Mailserver von Gemeinden über bekannte Lücke kompromittiert",
                "",
            ),
            (
                "Fintech de Luanda: biblioteca com porta traseira instalada por desconhecidos",
                "",
            ),
            (
                "Des retraités piégés par des textos imitant leur caisse de retraite",
                "",
            ),
            ("Ola de SMS imitando a la agencia tributaria", ""),
            ("Stickers QR piégés sur les parcmètres de la ville", ""),
        ],
    );
}

#[test]
fn hundred_and_forty_third_and_fourth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Une rançon réclamée pour le chien volé d'un boulanger", ""),
            (
                "Un cargo attaqué par des pirates dans le golfe, l'équipage sain et sauf",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_forty_fifth_and_sixth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Messagerie de la mairie pénétrée par une faille du pare-feu",
                "",
            ),
            (
                "Técnico encontrou aplicação espia no telemóvel da vereadora",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_forty_fifth_and_sixth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Red que robaba en garajes: cinco detenidos", ""),
            ("Polícia desmantela rede de furto de cabos de cobre", ""),
            ("Carteira furtada no autocarro, cartão usado numa loja", ""),
            (
                "Panne du logiciel municipal : il ne s'agit ni d'un piratage ni d'une malveillance",
                "",
            ),
            (
                "Publicidad: el antivirus que bloquea el ransomware en tu pyme",
                "",
            ),
            (
                "Sauvegarde : vos fichiers restaurés même face à un rançongiciel",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_forty_seventh_and_eighth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Falsos avisos de la mutua piden la contraseña a los socios",
                "",
            ),
            (
                "ahora el pc mina cripto sin parar tras instalar un crack",
                "",
            ),
            (
                "Mustang Panda passou meses dentro da rede de um ministério",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_forty_seventh_and_eighth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            ("Tickets for the hackerspace open day sold out", ""),
            ("Die Katze als Show-Stealer beim Stadtfest", ""),
            (
                "Ransomware ruled out after the hospital's power failure",
                "",
            ),
            (
                "Sistema do banco parado por falha elétrica; a empresa afastou a hipótese de ataque ou de acesso indevido",
                "",
            ),
            ("Bussgeld wegen Loeschfristen: kein Hack, kein Leak", ""),
            ("nobody hacked my account, I just forgot the password", ""),
            (
                "dachte erst ich wurde gehackt, war aber nur ein Tippfehler",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_forty_ninth_and_fiftieth_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Someone stole the studio's cloud keys and ran up the bill",
                "",
            ),
            (
                "A rigged plugin forwarded shop passwords to an external server",
                "",
            ),
            (
                "Hidden instructions in a calendar invite made the office assistant mail out the payroll",
                "",
            ),
            (
                "Eine Mitarbeiterin überwies 200.000 Euro nach einer Videokonferenz mit gefälschten Vorgesetzten",
                "",
            ),
            (
                "Clonaron la voz del abuelo y se quedaron sin ahorros sus nietos",
                "",
            ),
            ("Un falso instalador de juegos traía un ladrón de datos", ""),
            ("Hacker verunstalten die Webseite der Stadtwerke", ""),
            ("Una app de linterna se lleva las contraseñas guardadas", ""),
            ("Une extension siphonnait les mots de passe des clients", ""),
            (
                "Falsos técnicos piden por teléfono el código de la cuenta",
                "",
            ),
            ("Akira got in through an old VPN account", ""),
            (
                "Someone signed into the clinic's email account with a reused password",
                "",
            ),
            (
                "Ligação com voz sintética do sócio leva a pagamento de R$ 90 mil",
                "",
            ),
            (
                "Staff were sent to a copy of the login page of their bank",
                "",
            ),
            ("Beschäftigte landeten auf einer falschen Login-Seite", ""),
        ],
    );
}

#[test]
fn hundred_and_forty_ninth_and_fiftieth_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "La cadena desmiente la brecha de datos de clientes que circulaba en redes",
                "",
            ),
            (
                "El banco desmiente la brecha que circulaba en redes: hubo clientes que interpretaron como una intrusión un aviso de mantenimiento",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_fifty_first_and_second_batch_families_are_attacks() {
    assert_rules(
        true,
        &[
            (
                "Über Nacht wurden alle Patientenakten der Praxis verschlüsselt",
                "",
            ),
            (
                "The trading app showed fictitious profits until her savings were gone",
                "",
            ),
            (
                "Un falso operador le hizo instalar un programa para entrar en su cuenta",
                "",
            ),
            (
                "Un programa borrador dejó inservibles los servidores de la eléctrica",
                "",
            ),
            ("A wiper erased the disks of the grid operator", ""),
            (
                "Eine Spionagegruppe gelangte in die Netze des Ministeriums",
                "",
            ),
            ("Afirman haber extraído la base de datos de clientes", ""),
            ("Des courriels d'un ministre déversés sur Telegram", ""),
        ],
    );
}

#[test]
fn hundred_and_fifty_first_and_second_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "La supuesta filtración de datos era el directorio público de la universidad",
                "",
            ),
            (
                "Angebliches Datenleck: die Liste stammt aus einem alten Telefonverzeichnis",
                "",
            ),
            ("Russland nutzt eine Schwachstelle der Luftabwehr aus", ""),
            (
                "Laut Prüfung gebe es keine Hinweise, dass jemand die Schwachstelle vor der Korrektur missbraucht habe",
                "",
            ),
            ("El apagón se debió a un fallo eléctrico y no a hackers", ""),
            (
                "Não era vírus: o celular estava lento por causa da bateria",
                "",
            ),
            (
                "Cartazes com mensagens falsas sobre os candidatos espalhados pela cidade",
                "",
            ),
            (
                "Nenhum dos telemóveis tinha programa malicioso instalado",
                "",
            ),
        ],
    );
}

#[test]
fn hundred_and_fifty_third_batch_families_are_attacks() {
    assert_rules(
        true,
        &[(
            "Councils told to patch now: crooks use the flaw to break in",
            "",
        )],
    );
}

#[test]
fn hundred_and_fifty_third_batch_families_are_not_attacks() {
    assert_rules(
        false,
        &[
            (
                "Protester scaled the fence in a serious security breach at the airport",
                "",
            ),
            (
                "The vendor ruled out a cyberattack and published repair steps for the crashed tills",
                "",
            ),
        ],
    );
}
