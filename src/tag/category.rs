//! The categories of the `cyberattack` tag, from the tag's definition.

use std::fmt;

/// What kind of attack a positive item is about; it becomes the tag `cyberattack:<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Encryption of systems or data for ransom, ransomware gangs, extortion.
    Ransomware,
    /// Denial of service: DDoS, botnet floods.
    Ddos,
    /// Phishing, smishing, credential harvesting, business email compromise.
    Phishing,
    /// Compromise through a supplier, a dependency or a software update.
    SupplyChain,
    /// Data stolen, leaked or exposed by attackers; breach notifications.
    DataBreach,
    /// State-sponsored actors, APT groups, spyware used against targets.
    Espionage,
    /// Cyber-enabled theft and scams: hacked payment systems, carding, account takeover.
    Fraud,
    /// Malware campaigns: infostealers, trojans, backdoors, loaders, wipers.
    Malware,
    /// A vulnerability exploited in the wild, zero-days used in attacks.
    Exploitation,
    /// Any other attack, or one the text does not characterise.
    Other,
}

impl Category {
    /// Every category, most specific first: on equal evidence the earlier one wins.
    pub const ALL: [Category; 10] = [
        Category::Ransomware,
        Category::Ddos,
        Category::Phishing,
        Category::SupplyChain,
        Category::DataBreach,
        Category::Espionage,
        Category::Fraud,
        Category::Malware,
        Category::Exploitation,
        Category::Other,
    ];

    /// The category's name as it appears in tags and rules ("data-breach").
    pub fn name(self) -> &'static str {
        match self {
            Category::Ransomware => "ransomware",
            Category::Ddos => "ddos",
            Category::Phishing => "phishing",
            Category::SupplyChain => "supply-chain",
            Category::DataBreach => "data-breach",
            Category::Espionage => "espionage",
            Category::Fraud => "fraud",
            Category::Malware => "malware",
            Category::Exploitation => "exploitation",
            Category::Other => "other",
        }
    }

    /// The category with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Position in [`Category::ALL`], used to index per-category scores.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_index_matches_order() {
        for (i, c) in Category::ALL.into_iter().enumerate() {
            assert_eq!(Category::from_name(c.name()), Some(c));
            assert_eq!(c.index(), i);
        }
        assert_eq!(Category::from_name("Ransomware"), None);
        assert_eq!(Category::from_name("worms"), None);
    }
}
