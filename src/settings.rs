//! Choices the user makes that several layers carry as plain values: the theme is read by
//! config and the command line, held by the app and applied by the view.

/// The built-in themes. Styles above are written for the dark theme; a theme is a mapping of
/// those colours applied to the finished frame, so every widget follows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
pub enum Theme {
    #[default]
    Dark,
    Light,
    /// No dim colours, bright lanes: survives screen sharing and video compression.
    HighContrast,
    /// No colour at all (the `NO_COLOR` convention): bold, reverse and underline only.
    NoColor,
}
