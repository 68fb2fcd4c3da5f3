//! The fields of a question a person (or a merge) changes, each named once: edits, merges,
//! diffs, the history, conflicts and the minutes all go through [`Field`], so a field added
//! here is one the compiler makes every match take in.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::question::{Door, Lane, Name, Question, Status};
use super::text;

/// A field of a question, as the file and its history name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Lane,
    Status,
    Door,
    After,
    Owner,
    Known,
    Stakes,
    NextStep,
    Resolution,
    Revisit,
    NeededBy,
    Tags,
    /// Where its decision record was written (set by `unknowns adr`, not edited).
    Record,
}

impl Field {
    /// Every field, in the order the file writes them.
    pub const ALL: [Field; 14] = [
        Field::Title,
        Field::Lane,
        Field::Status,
        Field::Door,
        Field::After,
        Field::Owner,
        Field::Known,
        Field::Stakes,
        Field::NextStep,
        Field::Resolution,
        Field::Revisit,
        Field::NeededBy,
        Field::Tags,
        Field::Record,
    ];

    /// The fields the editor edits, in its order.
    pub const EDITED: [Field; 10] = [
        Field::Title,
        Field::Known,
        Field::Stakes,
        Field::NextStep,
        Field::Owner,
        Field::Door,
        Field::After,
        Field::Revisit,
        Field::NeededBy,
        Field::Tags,
    ];

    /// The fields a merge takes one side's value of (what it waits on and its tags are merged
    /// as sets instead).
    pub const ONE_VALUE: [Field; 12] = [
        Field::Title,
        Field::Lane,
        Field::Status,
        Field::Door,
        Field::Owner,
        Field::Known,
        Field::Stakes,
        Field::NextStep,
        Field::Resolution,
        Field::Revisit,
        Field::NeededBy,
        Field::Record,
    ];

    /// Its name in the file ("next_step").
    pub const fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Lane => "lane",
            Field::Status => "status",
            Field::Door => "door",
            Field::After => "after",
            Field::Owner => "owner",
            Field::Known => "known",
            Field::Stakes => "stakes",
            Field::NextStep => "next_step",
            Field::Resolution => "resolution",
            Field::Revisit => "revisit",
            Field::NeededBy => "needed_by",
            Field::Tags => "tags",
            Field::Record => "record",
        }
    }

    /// Its name in a sentence ("next step").
    pub fn label(self) -> &'static str {
        match self {
            Field::NextStep => "next step",
            Field::NeededBy => "needed-by date",
            Field::Record => "decision record",
            other => other.name(),
        }
    }

    /// The field the file names `name`.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether it holds free text, so two values can both be kept in it.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::Title | Field::Known | Field::Stakes | Field::NextStep | Field::Resolution
        )
    }

    /// The question's value of it as text, as the history and a conflict keep it.
    pub fn text(self, q: &Question) -> String {
        match self {
            Field::Title => q.title.clone(),
            Field::Lane => q.lane.name().to_string(),
            Field::Status => q.status.name().to_string(),
            Field::Door => q.door.name().to_string(),
            Field::After => {
                let ids: Vec<String> = q.after.iter().map(u32::to_string).collect();
                ids.join(", ")
            }
            Field::Owner => q.owner.as_deref().unwrap_or_default().to_string(),
            Field::Known => q.known.clone(),
            Field::Stakes => q.stakes.clone(),
            Field::NextStep => q.next_step.clone(),
            Field::Resolution => q.resolution.clone(),
            Field::Revisit => q.revisit.map(|d| d.to_string()).unwrap_or_default(),
            Field::NeededBy => q.needed_by.map(|d| d.to_string()).unwrap_or_default(),
            Field::Tags => q.tags.join(", "),
            Field::Record => q.record.clone().unwrap_or_default(),
        }
    }

    /// Sets the question's value from text (as [`Field::text`] writes it); false, and the
    /// question unchanged, when the text is not a value of the field.
    pub fn set_text(self, q: &mut Question, value: &str) -> bool {
        let list = || value.split(',').map(str::trim).filter(|s| !s.is_empty());
        match self {
            Field::Title if value.trim().is_empty() => return false,
            Field::Title => q.title = text::one_line(value),
            Field::Lane => match Lane::parse(value) {
                Some(l) => q.lane = l,
                None => return false,
            },
            Field::Status => {
                q.status = match value {
                    "open" => Status::Open,
                    "decided" => Status::Decided,
                    "dissolved" => Status::Dissolved,
                    _ => return false,
                }
            }
            Field::Door => {
                q.door = match value {
                    "one-way" => Door::OneWay,
                    "two-way" => Door::TwoWay,
                    _ => return false,
                }
            }
            Field::After => match list().map(str::parse).collect::<Result<_, _>>() {
                Ok(ids) => q.after = ids,
                Err(_) => return false,
            },
            Field::Owner => q.owner = Some(Name::from(value)).filter(|o| !o.is_empty()),
            Field::Known => q.known = value.to_string(),
            Field::Stakes => q.stakes = value.to_string(),
            Field::NextStep => q.next_step = value.to_string(),
            Field::Resolution => q.resolution = value.to_string(),
            Field::Revisit if value.is_empty() => q.revisit = None,
            Field::Revisit => match value.parse() {
                Ok(d) => q.revisit = Some(d),
                Err(_) => return false,
            },
            Field::NeededBy if value.is_empty() => q.needed_by = None,
            Field::NeededBy => match value.parse() {
                Ok(d) => q.needed_by = Some(d),
                Err(_) => return false,
            },
            Field::Tags => q.tags = list().map(Name::from).collect(),
            Field::Record => q.record = Some(value.trim().to_string()).filter(|r| !r.is_empty()),
        }
        true
    }

    /// Whether two questions hold different values of it.
    pub fn differs(self, a: &Question, b: &Question) -> bool {
        match self {
            Field::Title => a.title != b.title,
            Field::Lane => a.lane != b.lane,
            Field::Status => a.status != b.status,
            Field::Door => a.door != b.door,
            Field::After => a.after != b.after,
            Field::Owner => a.owner != b.owner,
            Field::Known => a.known != b.known,
            Field::Stakes => a.stakes != b.stakes,
            Field::NextStep => a.next_step != b.next_step,
            Field::Resolution => a.resolution != b.resolution,
            Field::Revisit => a.revisit != b.revisit,
            Field::NeededBy => a.needed_by != b.needed_by,
            Field::Tags => a.tags != b.tags,
            Field::Record => a.record != b.record,
        }
    }

    /// Gives `to` the value `from` holds.
    pub fn copy(self, from: &Question, to: &mut Question) {
        match self {
            Field::Title => to.title.clone_from(&from.title),
            Field::Lane => to.lane = from.lane,
            Field::Status => to.status = from.status,
            Field::Door => to.door = from.door,
            Field::After => to.after.clone_from(&from.after),
            Field::Owner => to.owner.clone_from(&from.owner),
            Field::Known => to.known.clone_from(&from.known),
            Field::Stakes => to.stakes.clone_from(&from.stakes),
            Field::NextStep => to.next_step.clone_from(&from.next_step),
            Field::Resolution => to.resolution.clone_from(&from.resolution),
            Field::Revisit => to.revisit = from.revisit,
            Field::NeededBy => to.needed_by = from.needed_by,
            Field::Tags => to.tags.clone_from(&from.tags),
            Field::Record => to.record.clone_from(&from.record),
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// In the file a field is its name as a string (`field: "next_step"`), as it always was.
impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        // The names as the file writes them, for the message about one it does not know.
        const NAMES: &[&str] = &{
            let mut names = [""; Field::ALL.len()];
            let mut i = 0;
            while i < names.len() {
                names[i] = Field::ALL[i].name();
                i += 1;
            }
            names
        };
        let name = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Field::parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, NAMES))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reads_back_the_text_it_gives_and_copies_what_it_compares() {
        let mut a = Question::new(1, "A title", Lane::Blocking);
        a.status = Status::Decided;
        a.door = Door::OneWay;
        a.after = [2, 3].into_iter().collect();
        a.owner = Some("li".into());
        a.known = "k".into();
        a.stakes = "s".into();
        a.next_step = "n".into();
        a.resolution = "r".into();
        a.revisit = Some(jiff::civil::date(2026, 12, 18));
        a.needed_by = Some(jiff::civil::date(2027, 1, 8));
        a.record = Some("docs/decisions/0001-a-title.md".into());
        a.tags = vec!["ops".into(), "db".into()];
        let fresh = Question::new(1, "Other", Lane::Interesting);
        for field in Field::ALL {
            assert_eq!(Field::parse(field.name()), Some(field));
            assert!(field.differs(&a, &fresh), "{field}");
            let mut b = fresh.clone();
            assert!(field.set_text(&mut b, &field.text(&a)), "{field}");
            assert!(!field.differs(&a, &b), "{field} reads back");
            let mut c = fresh.clone();
            field.copy(&a, &mut c);
            assert!(!field.differs(&a, &c), "{field} copies");
            // Only that field.
            for other in Field::ALL.into_iter().filter(|o| *o != field) {
                assert!(other.differs(&a, &c), "{field} copied {other} too");
            }
        }
        // Every value of the small enums reads back; empty text clears what may be empty and
        // is refused as a title.
        let mut q = fresh.clone();
        for status in [Status::Open, Status::Decided, Status::Dissolved] {
            assert!(Field::Status.set_text(&mut q, status.name()));
            assert_eq!(q.status, status);
        }
        for door in [Door::OneWay, Door::TwoWay] {
            assert!(Field::Door.set_text(&mut q, door.name()));
            assert_eq!(q.door, door);
        }
        for lane in Lane::ALL {
            assert!(Field::Lane.set_text(&mut q, lane.name()));
            assert_eq!(q.lane, lane);
        }
        let mut dated = a.clone();
        assert!(Field::Revisit.set_text(&mut dated, ""));
        assert_eq!(dated.revisit, None);
        assert!(!Field::Title.set_text(&mut dated, "  "));
        assert_eq!(dated.title, "A title");
        assert!(!Field::Status.set_text(&mut dated, "closed"));
        assert!(!Field::Door.set_text(&mut dated, "revolving"));
        assert!(!Field::Revisit.set_text(&mut dated, "someday"));
        assert!(!Field::Lane.set_text(&mut a.clone(), "sideways"));
        assert!(!Field::After.set_text(&mut a.clone(), "x"));
    }

    #[test]
    fn a_field_is_written_and_read_as_the_name_the_file_always_gave_it() {
        for field in Field::ALL {
            let text = ron::to_string(&field).unwrap();
            assert_eq!(text, format!("\"{}\"", field.name()));
            assert_eq!(ron::from_str::<Field>(&text).unwrap(), field);
        }
        let err = ron::from_str::<Field>("\"colour\"").unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
        assert!(
            err.to_string().contains("next_step"),
            "it names the fields: {err}"
        );
    }
}
