//! Colours and styles, in one place. ANSI colours only, so the board reads on dark and light
//! terminals and on 16-colour ones.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Lane;

pub fn lane(lane: Lane) -> Color {
    match lane {
        Lane::Blocking => Color::Red,
        Lane::Uncomfortable => Color::Yellow,
        Lane::Interesting => Color::Cyan,
    }
}

pub fn lane_header(l: Lane, focused: bool) -> Style {
    let style = Style::default().fg(lane(l)).add_modifier(Modifier::BOLD);
    if focused {
        style.add_modifier(Modifier::REVERSED)
    } else {
        style
    }
}

pub fn lane_border(l: Lane, focused: bool) -> Style {
    if focused {
        Style::default().fg(lane(l))
    } else {
        dim()
    }
}

pub fn card_border(l: Lane, selected: bool) -> Style {
    if selected {
        Style::default().fg(lane(l)).add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(Color::Gray)
    }
}

pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

pub fn id() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn one_way() -> Style {
    Style::default()
        .fg(Color::Magenta)
        .add_modifier(Modifier::BOLD)
}

pub fn owner() -> Style {
    Style::default().fg(Color::Green)
}

pub fn waits() -> Style {
    Style::default().fg(Color::Yellow)
}

pub fn revisit() -> Style {
    Style::default().fg(Color::Blue)
}

pub fn carried() -> Style {
    Style::default()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn drop_marker() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn warning() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// A needed-by date a few working days away.
pub fn needed_near() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

pub fn label() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn focused_label() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

/// The marker of a question the plan says to resolve now.
pub fn now() -> Style {
    Style::default()
        .fg(Color::Green)
        .add_modifier(Modifier::BOLD)
}

/// A card that matches the search.
pub fn search_match() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

/// The filter notice: impossible to miss on a shared screen.
pub fn filter_notice() -> Style {
    Style::default()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub use crate::app::Theme;

/// How a theme recolours the finished frame (the choice itself is a setting).
impl Theme {
    fn map(self, color: Color) -> Color {
        use Color::*;
        match (self, color) {
            (Theme::Dark, c) => c,
            (Theme::NoColor, _) => Reset,
            // Light terminals: yellow and light grey vanish on white.
            (Theme::Light, Yellow) => Magenta,
            (Theme::Light, Gray) => DarkGray,
            (Theme::Light, White) => Black,
            (Theme::Light, c) => c,
            // High contrast: nothing dim, everything bright.
            (Theme::HighContrast, DarkGray | Gray) => White,
            (Theme::HighContrast, Red) => LightRed,
            (Theme::HighContrast, Yellow) => LightYellow,
            (Theme::HighContrast, Cyan) => LightCyan,
            (Theme::HighContrast, Green) => LightGreen,
            (Theme::HighContrast, Blue) => LightBlue,
            (Theme::HighContrast, Magenta) => LightMagenta,
            (Theme::HighContrast, c) => c,
        }
    }

    /// Recolours a drawn frame for this theme.
    pub fn apply(self, buf: &mut ratatui::buffer::Buffer) {
        if self == Theme::Dark {
            return;
        }
        for cell in buf.content.iter_mut() {
            cell.fg = self.map(cell.fg);
            cell.bg = self.map(cell.bg);
            if self == Theme::HighContrast && cell.modifier.contains(Modifier::DIM) {
                cell.modifier.remove(Modifier::DIM);
            }
        }
    }

    /// The theme asked for: `--theme` first, then `NO_COLOR` (set and not empty), else dark.
    pub fn choose(flag: Option<Theme>, no_color: Option<std::ffi::OsString>) -> Theme {
        match flag {
            Some(t) => t,
            None if no_color.is_some_and(|v| !v.is_empty()) => Theme::NoColor,
            None => Theme::Dark,
        }
    }
}

/// The meeting clock in the status line.
pub fn meeting() -> Style {
    Style::default()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}
