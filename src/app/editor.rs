//! Text inputs: the one-line prompt and the question editor. Every field is a `TextArea`.

use jiff::civil::Date;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{Input, Key, TextArea, WrapMode};

use crate::model::{Door, Field, Question, QuestionEdit, dates, text};

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

/// The editor's fields are the question's [`Field`]s it edits ([`Field::EDITED`], in Tab
/// order), and how each is shown there.
pub trait EditorField {
    /// Its caption beside the field (also what a recovery copy of a draft names it by).
    fn caption(self) -> &'static str;
    /// What goes in the field, shown when it is empty.
    fn placeholder(self) -> &'static str;
    fn multi_line(self) -> bool;
}

impl EditorField for Field {
    fn caption(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Known => "Known",
            Field::Stakes => "Stakes",
            Field::NextStep => "Next step",
            Field::Owner => "Owner",
            Field::Door => "Door",
            Field::After => "After",
            Field::Revisit => "Revisit",
            Field::NeededBy => "Needed by",
            Field::Tags => "Tags",
            Field::Lane => "Lane",
            Field::Status => "Status",
            Field::Resolution => "Resolution",
            Field::Record => "Record",
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            Field::Title => "the question, in one line",
            Field::Known => "what is true today",
            Field::Stakes => "why it matters; what goes wrong while it is open",
            Field::NextStep => "what should happen next",
            Field::Owner => "who drives it",
            Field::After => "ids resolved first, e.g. 3, 7",
            Field::Revisit => "+3d, +2w, mon, tomorrow or YYYY-MM-DD",
            Field::NeededBy => "the date it must be resolved by: fri, +2w or YYYY-MM-DD",
            Field::Tags => "comma separated",
            Field::Door | Field::Lane | Field::Status | Field::Resolution | Field::Record => "",
        }
    }

    fn multi_line(self) -> bool {
        matches!(self, Field::Known | Field::Stakes | Field::NextStep)
    }
}

/// The question editor.
#[derive(Clone, Debug)]
pub struct Editor {
    pub id: u32,
    /// One text field per kind (the Door field's text is unused).
    pub fields: Vec<(Field, TextField)>,
    pub focus: usize,
    pub door: Door,
    /// The question as it was when editing began: saving writes only what differs from it.
    pub original: QuestionEdit,
    /// The field whose conflict this editor was opened to settle: saved, it is settled.
    pub settling: Option<Field>,
    /// Its lane then (an edit of a question deleted meanwhile is kept as a new one there).
    pub lane: crate::model::Lane,
    /// Esc was pressed with unsaved edits: asking before throwing them away.
    pub confirm_discard: bool,
    /// Why the last save was refused, and in which field.
    pub error: Option<(Field, String)>,
}

impl Editor {
    pub fn open(q: &Question) -> Editor {
        let original = QuestionEdit::of(q);
        // The door is toggled, not typed: its text field stays empty.
        let value = |kind: Field| match kind {
            Field::Door => String::new(),
            kind => kind.text(q),
        };
        let fields = Field::EDITED
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
    pub fn prefill(&mut self, field: Field, text: &str) {
        let Some(index) = self.fields.iter().position(|(kind, _)| *kind == field) else {
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
            Field::Title => original.title = text.to_string(),
            Field::Known => original.known = text.to_string(),
            Field::Stakes => original.stakes = text.to_string(),
            Field::NextStep => original.next_step = text.to_string(),
            _ => return,
        }
        self.settling = Some(field);
    }

    pub fn focused_kind(&self) -> Field {
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

    fn text_of(&self, kind: Field) -> String {
        self.fields
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, f)| f.text())
            .unwrap_or_default()
    }

    /// Types into the focused field. The door field toggles with Space, arrows, h/l.
    pub fn input(&mut self, input: Input) {
        self.error = None;
        if self.focused_kind() == Field::Door {
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
        if self.focused_kind() != Field::Door {
            let focus = self.focus;
            self.fields[focus].1.paste(pasted);
        }
    }

    /// The edit the fields describe, or the first field that does not parse and why.
    pub fn to_edit(&self, today: Date) -> Result<QuestionEdit, (Field, String)> {
        let title = text::one_line(&self.text_of(Field::Title));
        if title.is_empty() {
            return Err((Field::Title, "a question needs a title".into()));
        }
        let mut after = Vec::new();
        for part in text::split_list(&self.text_of(Field::After)) {
            match part.parse::<u32>() {
                Ok(id) => after.push(id),
                Err(_) => {
                    return Err((
                        Field::After,
                        format!("\"{part}\" is not a question id; list ids like 3, 7"),
                    ));
                }
            }
        }
        // A date left as it was stays as it was, even one in the past.
        let date = |field: Field, was: Option<Date>| {
            let typed = self.text_of(field);
            if typed.trim() == was.map(|d| d.to_string()).unwrap_or_default() {
                Ok(was)
            } else {
                dates::parse_date(&typed, today).map_err(|e| (field, e))
            }
        };
        let revisit = date(Field::Revisit, self.original.revisit)?;
        let needed_by = date(Field::NeededBy, self.original.needed_by)?;
        let owner = text::one_line(&self.text_of(Field::Owner));
        Ok(QuestionEdit {
            title,
            known: self.text_of(Field::Known),
            stakes: self.text_of(Field::Stakes),
            next_step: self.text_of(Field::NextStep),
            owner: Some(owner.trim_start_matches('@').into())
                .filter(|o: &crate::model::Name| !o.is_empty()),
            door: self.door,
            after,
            revisit,
            needed_by,
            tags: text::split_list(&self.text_of(Field::Tags))
                .into_iter()
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

    pub fn focus_kind(&mut self, kind: Field) {
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
    /// The questions this add line has added so far, oldest first (it shows the last few).
    pub added: Vec<u32>,
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
            added: Vec::new(),
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
