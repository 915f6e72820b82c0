//! What an operation needs, as its docs say: the data generated methods carry beside
//! them (`Users::LIST_PERMISSIONS`), so an app can assert what its token must grant.

/// How a call is authorised: on behalf of a signed-in user (work or school account, or
/// personal Microsoft account), or as the application itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Delegated, for a signed-in work or school account (the token's `scp`).
    DelegatedWork,
    /// Delegated, for a signed-in personal Microsoft account (the token's `scp`).
    DelegatedPersonal,
    /// The application itself, with no user (the token's `roles`).
    Application,
}

/// One operation's permissions (or one case of them, when its page tells cases apart:
/// `group calendar`), per scheme: the entries any one of which allows the call, least
/// privileged first. An entry is a permission (`Mail.Read`) or a combination needing all
/// its parts (`User.Read.All + Group.Read.All`). An empty list: the scheme cannot call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permissions {
    /// The case this set is for, as the page labels it (`group calendar`); `None` when the
    /// page has one table for the operation.
    pub case: Option<&'static str>,
    /// Delegated permissions for work or school accounts, least privileged first.
    pub delegated_work: &'static [&'static str],
    /// Delegated permissions for personal Microsoft accounts, least privileged first.
    pub delegated_personal: &'static [&'static str],
    /// Application permissions, least privileged first.
    pub application: &'static [&'static str],
}

impl Permissions {
    /// The scheme's entries, least privileged first.
    pub fn scheme(&self, scheme: Scheme) -> &'static [&'static str] {
        match scheme {
            Scheme::DelegatedWork => self.delegated_work,
            Scheme::DelegatedPersonal => self.delegated_personal,
            Scheme::Application => self.application,
        }
    }

    /// The least privileged entry of the scheme, if it can call at all.
    pub fn least(&self, scheme: Scheme) -> Option<&'static str> {
        self.scheme(scheme).first().copied()
    }

    /// Whether a token granting `granted` (its `scp` for a delegated scheme, its `roles`
    /// for the application) may call: some entry has all its parts granted.
    pub fn allows<S: AsRef<str>>(&self, scheme: Scheme, granted: &[S]) -> bool {
        self.scheme(scheme).iter().any(|entry| {
            entry
                .split(" + ")
                .all(|part| granted.iter().any(|g| g.as_ref() == part.trim()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETS: Permissions = Permissions {
        case: None,
        delegated_work: &["Mail.Read", "User.Read.All + Group.Read.All"],
        delegated_personal: &[],
        application: &["Mail.Send"],
    };

    #[test]
    fn an_entry_allows_when_all_its_parts_are_granted() {
        assert!(SETS.allows(Scheme::DelegatedWork, &["Mail.Read"]));
        assert!(!SETS.allows(Scheme::DelegatedWork, &["User.Read.All"]));
        assert!(SETS.allows(Scheme::DelegatedWork, &["Group.Read.All", "User.Read.All"]));
        assert!(!SETS.allows(Scheme::DelegatedPersonal, &["Mail.Read"]));
        assert!(!SETS.allows(Scheme::Application, &["Mail.Read"]));
        assert_eq!(SETS.least(Scheme::Application), Some("Mail.Send"));
        assert_eq!(SETS.least(Scheme::DelegatedPersonal), None);
    }
}
