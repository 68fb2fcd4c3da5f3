//! What the user is doing: a small stack of layers, the top one taking the keys (as gitui's
//! popup stack, or helix's compositor). At the bottom, a view of the board; over it, perhaps
//! presentation, then perhaps the review or a zoomed question; over those a dialog (a line, the
//! editor, a question asked), and the help over whatever it explains. `App::mode` is the top
//! layer, `App::beneath` the others, bottom first.

use super::{App, Context, Mode, Review, View};

impl Mode {
    /// Whether this layer is a screen (dialogs open over one).
    pub fn is_screen(&self) -> bool {
        matches!(
            self,
            Mode::Normal | Mode::Present | Mode::Review(_) | Mode::Zoom(_)
        )
    }
}

/// A question on the whole screen, stepped through in the order of the view it was opened
/// from.
#[derive(Clone, Debug, Default)]
pub struct Zoom {
    pub id: u32,
    /// How far it is scrolled when it does not fit.
    pub scroll: u16,
    /// The questions the zoom steps through, and where each lane or section starts in it.
    pub order: Vec<u32>,
    pub groups: Vec<usize>,
}

impl Mode {
    /// The keys this layer reads, in a view.
    pub fn context(&self, view: View) -> Context {
        match self {
            Mode::Normal | Mode::Present => match view {
                View::Board if matches!(self, Mode::Present) => Context::Present,
                View::Board => Context::Board,
                View::Next => Context::Next,
                View::Resolved => Context::Resolved,
                View::Map => Context::Map,
            },
            Mode::Review(_) => Context::Review,
            Mode::Zoom(_) => Context::Zoom,
            Mode::Picker(_) => Context::Picker,
            Mode::Grab { .. } => Context::Grab,
            Mode::Prompt(_) => Context::Input,
            Mode::Editor(e) if e.confirm_discard => Context::Confirm,
            Mode::Editor(_) => Context::Editor,
            Mode::ConfirmDelete { .. } | Mode::Recover(_) => Context::Confirm,
            Mode::Settle { .. } => Context::Settle,
            Mode::MeetingQuit => Context::MeetingQuit,
            Mode::Messages { .. } => Context::Messages,
            Mode::ConfirmQuit => Context::Quit,
            Mode::Minutes { .. } => Context::Minutes,
            Mode::Help { .. } => Context::Help,
        }
    }
}

/// The review in a stack of layers, wherever it lies (a dialog may be open over it).
pub(super) fn review_in<'a>(top: &'a mut Mode, beneath: &'a mut [Mode]) -> Option<&'a mut Review> {
    std::iter::once(top)
        .chain(beneath.iter_mut().rev())
        .find_map(|layer| match layer {
            Mode::Review(review) => Some(&mut **review),
            _ => None,
        })
}

impl App {
    /// The layers from the top down.
    pub(super) fn layers(&self) -> impl Iterator<Item = &Mode> {
        std::iter::once(&self.mode).chain(self.beneath.iter().rev())
    }

    /// The keymap context of the top layer.
    pub fn context(&self) -> Context {
        self.mode.context(self.nav.view)
    }

    /// The context whose keys the help overlay lists: the layer it was opened over.
    pub fn help_context(&self) -> Context {
        match &self.mode {
            Mode::Help { .. } => self
                .beneath
                .last()
                .unwrap_or(&Mode::Normal)
                .context(self.nav.view),
            other => other.context(self.nav.view),
        }
    }

    /// Whether no dialog is open: the keys go to a screen.
    pub fn on_screen(&self) -> bool {
        self.mode.is_screen()
    }

    /// Presentation mode is on.
    pub fn present(&self) -> bool {
        self.layers().any(|layer| matches!(layer, Mode::Present))
    }

    /// The review under way, if any.
    pub fn review(&self) -> Option<&Review> {
        self.layers().find_map(|layer| match layer {
            Mode::Review(review) => Some(&**review),
            _ => None,
        })
    }

    /// The question on the whole screen, if one is.
    pub fn zoom(&self) -> Option<&Zoom> {
        self.layers().find_map(|layer| match layer {
            Mode::Zoom(zoom) => Some(&**zoom),
            _ => None,
        })
    }

    /// Opens a layer: over the screen (which stays beneath), or in place of the dialog open.
    pub(super) fn open(&mut self, layer: Mode) {
        if self.on_screen() {
            self.push(layer);
        } else {
            self.mode = layer;
        }
    }

    /// Opens a layer over whatever is open (the help, a screen over a screen).
    pub(super) fn push(&mut self, layer: Mode) {
        let under = std::mem::replace(&mut self.mode, layer);
        if !matches!(under, Mode::Normal) {
            self.beneath.push(under);
        }
    }

    /// Closes the top layer: the one beneath takes the keys again.
    pub(super) fn close(&mut self) {
        self.mode = self.beneath.pop().unwrap_or(Mode::Normal);
    }

    /// Closes the layers a test picks, wherever they lie.
    pub(super) fn close_where(&mut self, which: impl Fn(&Mode) -> bool) {
        self.beneath.retain(|layer| !which(layer));
        if which(&self.mode) {
            self.close();
        }
    }

    /// Presentation mode on or off: it lies at the bottom of the stack, under all else;
    /// ended, a zoom opened in it closes with it.
    pub fn set_present(&mut self, on: bool) {
        if on == self.present() {
            return;
        }
        if on {
            match self.mode {
                Mode::Normal => self.mode = Mode::Present,
                _ => self.beneath.insert(0, Mode::Present),
            }
        } else {
            self.close_where(|layer| matches!(layer, Mode::Present | Mode::Zoom(_)));
        }
    }
}
