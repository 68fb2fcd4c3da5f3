//! Text inputs: the one-line prompt and the question editor. Every field is a `TextArea`.

use jiff::civil::Date;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{Input, Key, TextArea, WrapMode};

use crate::model::{Door, Question, QuestionEdit, dates, text};

/// A text field: one line (pastes are flattened, Enter never inserts a break) or several.
#[derive(Clone, Debug)]
pub struct TextField {
    pub area: TextArea<'static>,
    pub multi_line: bool,
}

impl TextField {
    pub fn new(value: &str, multi_line: bool) -> TextField {
        let lines: Vec<String> = if multi_line {
            value.split('\n').map(str::to_string).collect()
        } else {
            vec![value.to_string()]
        };
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        if multi_line {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        let mut field = TextField { area, multi_line };
        field.set_focused(false);
        field
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn set_focused(&mut self, focused: bool) {
        let cursor = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        self.area.set_cursor_style(cursor);
    }

    /// Types a key. Returns false for Enter in a one-line field, which the caller treats as
    /// "done with this field".
    pub fn input(&mut self, input: Input) -> bool {
        if !self.multi_line && matches!(input.key, Key::Enter) {
            return false;
        }
        if !self.multi_line && input.ctrl && matches!(input.key, Key::Char('m' | 'j')) {
            return false;
        }
        // As in a shell: Ctrl-u clears to the start of the line; Ctrl-z and Ctrl-r undo and
        // redo typing.
        if input.ctrl && !input.alt {
            match input.key {
                Key::Char('u') => {
                    self.area.delete_line_by_head();
                    return true;
                }
                Key::Char('z') => {
                    self.area.undo();
                    return true;
                }
                _ => {}
            }
        }
        self.area.input(input);
        true
    }

    /// Text put in to be changed: all of it selected, so what is typed replaces it, and an
    /// arrow key keeps it to edit.
    pub fn prefilled(text: &str) -> TextField {
        let mut field = TextField::new(text, false);
        field.set_focused(true);
        field.area.select_all();
        field
    }

    /// Inserts pasted text, cleaned for the field: one line, or lines without control
    /// characters.
    pub fn paste(&mut self, pasted: &str) {
        let clean = if self.multi_line {
            text::multi_line(pasted)
        } else {
            text::flatten(pasted)
        };
        self.area.insert_str(clean);
    }
}

/// The fields of the editor, in Tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Title,
    Known,
    Stakes,
    NextStep,
    Owner,
    Door,
    After,
    Revisit,
    Tags,
}

impl FieldKind {
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Title,
        FieldKind::Known,
        FieldKind::Stakes,
        FieldKind::NextStep,
        FieldKind::Owner,
        FieldKind::Door,
        FieldKind::After,
        FieldKind::Revisit,
        FieldKind::Tags,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Title => "Title",
            FieldKind::Known => "Known",
            FieldKind::Stakes => "Stakes",
            FieldKind::NextStep => "Next step",
            FieldKind::Owner => "Owner",
            FieldKind::Door => "Door",
            FieldKind::After => "After",
            FieldKind::Revisit => "Revisit",
            FieldKind::Tags => "Tags",
        }
    }

    /// What goes in the field, shown when it is empty.
    pub fn placeholder(self) -> &'static str {
        match self {
            FieldKind::Title => "the question, in one line",
            FieldKind::Known => "what is true today",
            FieldKind::Stakes => "why it matters; what goes wrong while it is open",
            FieldKind::NextStep => "what should happen next",
            FieldKind::Owner => "who drives it",
            FieldKind::Door => "",
            FieldKind::After => "ids resolved first, e.g. 3, 7",
            FieldKind::Revisit => "+3d, +2w, mon, tomorrow or YYYY-MM-DD",
            FieldKind::Tags => "comma separated",
        }
    }

    pub fn multi_line(self) -> bool {
        matches!(
            self,
            FieldKind::Known | FieldKind::Stakes | FieldKind::NextStep
        )
    }

    /// The field's name in the board file (and in conflicts); the door has none here.
    pub fn file_name(self) -> Option<&'static str> {
        Some(match self {
            FieldKind::Title => "title",
            FieldKind::Known => "known",
            FieldKind::Stakes => "stakes",
            FieldKind::NextStep => "next_step",
            FieldKind::Owner => "owner",
            FieldKind::Door => return None,
            FieldKind::After => "after",
            FieldKind::Revisit => "revisit",
            FieldKind::Tags => "tags",
        })
    }
}

/// The question editor.
#[derive(Clone, Debug)]
pub struct Editor {
    pub id: u32,
    /// One text field per kind (the Door field's text is unused).
    pub fields: Vec<(FieldKind, TextField)>,
    pub focus: usize,
    pub door: Door,
    /// The question as it was when editing began: saving writes only what differs from it.
    pub original: QuestionEdit,
    /// The field whose conflict this editor was opened to settle: saved, it is settled.
    pub settling: Option<String>,
    /// Its lane then (an edit of a question deleted meanwhile is kept as a new one there).
    pub lane: crate::model::Lane,
    /// Esc was pressed with unsaved edits: asking before throwing them away.
    pub confirm_discard: bool,
    /// Why the last save was refused, and in which field.
    pub error: Option<(FieldKind, String)>,
}

impl Editor {
    pub fn open(q: &Question) -> Editor {
        let original = QuestionEdit::of(q);
        let value = |kind: FieldKind| -> String {
            match kind {
                FieldKind::Title => q.title.clone(),
                FieldKind::Known => q.known.clone(),
                FieldKind::Stakes => q.stakes.clone(),
                FieldKind::NextStep => q.next_step.clone(),
                FieldKind::Owner => q.owner.as_deref().unwrap_or_default().to_string(),
                FieldKind::Door => String::new(),
                FieldKind::After => q
                    .after
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                FieldKind::Revisit => q.revisit.map(|d| d.to_string()).unwrap_or_default(),
                FieldKind::Tags => q.tags.join(", "),
            }
        };
        let fields = FieldKind::ALL
            .iter()
            .map(|&kind| {
                let mut field = TextField::new(&value(kind), kind.multi_line());
                field.area.set_placeholder_text(kind.placeholder());
                (kind, field)
            })
            .collect();
        let mut editor = Editor {
            id: q.id,
            fields,
            focus: 0,
            door: q.door,
            original,
            lane: q.lane,
            confirm_discard: false,
            error: None,
            settling: None,
        };
        editor.focus_field(0);
        editor
    }

    /// Puts `text` into the field the file names `field` ("stakes", "next_step"…) and focuses
    /// it: the editor opened on a conflict holds both values, for a person to make one of.
    pub fn prefill(&mut self, field: &str, text: &str) {
        let Some(index) = self
            .fields
            .iter()
            .position(|(kind, _)| kind.file_name() == Some(field))
        else {
            return;
        };
        let kind = self.fields[index].0;
        let mut prefilled = TextField::new(text, kind.multi_line());
        prefilled.area.set_placeholder_text(kind.placeholder());
        self.fields[index].1 = prefilled;
        self.focus_field(index);
        // What the app put there is not a change of the user's: Esc closes without asking.
        let original = &mut self.original;
        match kind {
            FieldKind::Title => original.title = text.to_string(),
            FieldKind::Known => original.known = text.to_string(),
            FieldKind::Stakes => original.stakes = text.to_string(),
            FieldKind::NextStep => original.next_step = text.to_string(),
            _ => return,
        }
        self.settling = Some(field.to_string());
    }

    pub fn focused_kind(&self) -> FieldKind {
        self.fields[self.focus].0
    }

    pub fn focus_field(&mut self, index: usize) {
        self.focus = index % self.fields.len();
        for (i, (_, f)) in self.fields.iter_mut().enumerate() {
            f.set_focused(i == self.focus);
        }
    }

    pub fn next_field(&mut self) {
        self.focus_field(self.focus + 1);
    }

    pub fn prev_field(&mut self) {
        self.focus_field(self.focus + self.fields.len() - 1);
    }

    fn text_of(&self, kind: FieldKind) -> String {
        self.fields
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, f)| f.text())
            .unwrap_or_default()
    }

    /// Types into the focused field. The door field toggles with Space, arrows, h/l.
    pub fn input(&mut self, input: Input) {
        self.error = None;
        if self.focused_kind() == FieldKind::Door {
            match input.key {
                Key::Char(' ' | 'h' | 'l' | 'o' | 't') | Key::Left | Key::Right => {
                    self.door = self.door.toggled();
                }
                Key::Enter => self.next_field(),
                _ => {}
            }
            return;
        }
        let focus = self.focus;
        if !self.fields[focus].1.input(input) {
            self.next_field();
        }
    }

    pub fn paste(&mut self, pasted: &str) {
        if self.focused_kind() != FieldKind::Door {
            let focus = self.focus;
            self.fields[focus].1.paste(pasted);
        }
    }

    /// The edit the fields describe, or the first field that does not parse and why.
    pub fn to_edit(&self, today: Date) -> Result<QuestionEdit, (FieldKind, String)> {
        let title = text::one_line(&self.text_of(FieldKind::Title));
        if title.is_empty() {
            return Err((FieldKind::Title, "a question needs a title".into()));
        }
        let mut after = Vec::new();
        for part in text::split_list(&self.text_of(FieldKind::After)) {
            match part.parse::<u32>() {
                Ok(id) => after.push(id),
                Err(_) => {
                    return Err((
                        FieldKind::After,
                        format!("\"{part}\" is not a question id; list ids like 3, 7"),
                    ));
                }
            }
        }
        let revisit_text = self.text_of(FieldKind::Revisit);
        let revisit = if revisit_text.trim()
            == self
                .original
                .revisit
                .map(|d| d.to_string())
                .unwrap_or_default()
        {
            self.original.revisit
        } else {
            dates::parse_date(&revisit_text, today).map_err(|e| (FieldKind::Revisit, e))?
        };
        let owner = text::one_line(&self.text_of(FieldKind::Owner));
        Ok(QuestionEdit {
            title,
            known: self.text_of(FieldKind::Known),
            stakes: self.text_of(FieldKind::Stakes),
            next_step: self.text_of(FieldKind::NextStep),
            owner: Some(owner.trim_start_matches('@').into())
                .filter(|o: &crate::model::Name| !o.is_empty()),
            door: self.door,
            after,
            revisit,
            tags: text::split_list(&self.text_of(FieldKind::Tags))
                .into_iter()
                .map(Into::into)
                .collect(),
        })
    }

    /// Whether saving would change anything.
    pub fn is_dirty(&self, today: Date) -> bool {
        match self.to_edit(today) {
            Ok(edit) => !edit.same_as(&self.original),
            Err(_) => true,
        }
    }

    pub fn focus_kind(&mut self, kind: FieldKind) {
        if let Some(i) = self.fields.iter().position(|(k, _)| *k == kind) {
            self.focus_field(i);
        }
    }
}

/// What a one-line prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Add(crate::model::Lane),
    Decide(u32),
    Dissolve(u32),
    Defer(u32),
    /// Where to write a copy of a board that cannot be saved in its place.
    SaveAs,
    /// Searching: the selection jumps to matches as the text is typed.
    Search,
    /// Filtering: the board narrows as the text is typed.
    Filter,
    /// The board's title (presentation mode shows it).
    Title,
    /// Shorthand applied to a question that exists (`@li #ops ^2 >fri ! b:`).
    Modify(u32),
}

/// A one-line prompt.
#[derive(Clone, Debug)]
pub struct Prompt {
    pub kind: PromptKind,
    pub field: TextField,
    /// Esc was pressed once on typed text: a second one throws it away.
    pub discard_armed: bool,
}

impl Prompt {
    pub fn new(kind: PromptKind, placeholder: impl Into<String>) -> Prompt {
        let mut field = TextField::new("", false);
        field.area.set_placeholder_text(placeholder);
        field.set_focused(true);
        Prompt {
            kind,
            field,
            discard_armed: false,
        }
    }
}

/// Choosing the prerequisites of a question: a search field over the other questions.
#[derive(Clone, Debug)]
pub struct Picker {
    /// The question whose prerequisites are chosen.
    pub id: u32,
    pub query: TextField,
    /// The questions it offers (see [`Picker::search`]): found when the search or the board
    /// changes, not on every frame.
    pub candidates: Vec<u32>,
    /// Position in `candidates`.
    pub selected: usize,
    /// Where the look through the board for candidates has got to, while it goes on between
    /// keys (a board of more than one slice: see `app/search.rs`); none once it is done.
    pub looking_from: Option<usize>,
}

impl Picker {
    pub fn new(id: u32, board: &crate::model::Board) -> Picker {
        let mut query = TextField::new("", false);
        query
            .area
            .set_placeholder_text("type to search titles and ids");
        query.set_focused(true);
        let mut picker = Picker {
            id,
            query,
            candidates: Vec::new(),
            selected: 0,
            looking_from: None,
        };
        picker.search(board);
        picker
    }

    /// Finds the candidates again, after the search or the board changed; the selection stays
    /// in the list.
    pub fn search(&mut self, board: &crate::model::Board) {
        self.candidates.clear();
        self.looking_from = Some(0);
        self.look_further(board);
    }

    /// Looks through the next slice of the board for candidates; the rest, if any, is left
    /// for between keys.
    pub fn look_further(&mut self, board: &crate::model::Board) {
        let Some(from) = self.looking_from.take() else {
            return;
        };
        let end = (from + super::search::SEARCH_SLICE).min(board.questions().len());
        let found = candidates(board, self, from, end);
        self.candidates.extend(found);
        if end < board.questions().len() {
            self.looking_from = Some(end);
        }
        self.selected = self.selected.min(self.candidates.len().saturating_sub(1));
    }

    /// The selected candidate.
    pub fn chosen(&self) -> Option<u32> {
        self.candidates.get(self.selected).copied()
    }
}

/// Whether `word` is in the question's number as the picker shows it ("#7"), written on the
/// stack. (Words are split at spaces, so one is either in the number or in the title.)
fn contains_in_number(id: u32, word: &str) -> bool {
    let mut shown = [0u8; 11];
    let len = {
        let mut out = &mut shown[..];
        let _ = std::io::Write::write_fmt(&mut out, format_args!("#{id}"));
        11 - out.len()
    };
    std::str::from_utf8(&shown[..len]).is_ok_and(|s| s.contains(word))
}

/// The questions a picker offers, filtered by its search: what the question waits on now
/// first (so it can be removed), then the other open questions, in board order; those among
/// the board's questions `from..to` (what it waits on comes with the first slice).
fn candidates(board: &crate::model::Board, picker: &Picker, from: usize, to: usize) -> Vec<u32> {
    let query = picker.query.text().to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let Some(q) = board.get(picker.id) else {
        return Vec::new();
    };
    // Each word in "#7 title", with no copy made per question: the picker searches them all
    // at every keystroke.
    let matches = |other: &crate::model::Question| {
        words.iter().all(|w| {
            crate::model::filter::contains_folded(&other.title, w)
                || contains_in_number(other.id, w)
        })
    };
    let current = q
        .after
        .iter()
        .filter(|_| from == 0)
        .filter_map(|&a| board.get(a))
        .filter(|o| matches(o))
        .map(|o| o.id);
    let others = board.questions()[from..to]
        .iter()
        .filter(|o| o.is_open() && o.id != picker.id && !q.after.contains(&o.id))
        .filter(|o| matches(o))
        .map(|o| o.id);
    current.chain(others).collect()
}
