//! Rendering tests: the real view drawn on ratatui's TestBackend at fixed sizes.

mod common;
use common::now;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unknowns::app::{Action, App};
use unknowns::format;
use unknowns::model::{Board, Lane};
use unknowns::store::DEMO_BOARD;
use unknowns::ui;

fn demo() -> App {
    App::new(
        format::parse(DEMO_BOARD.as_bytes()).unwrap(),
        "~/work/board.ron",
    )
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize { width, height }, now());
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::view(app, f)).unwrap();
    ui::buffer_text(terminal.backend().buffer())
}

fn press(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(a.clone(), now());
    }
}

#[test]
fn the_demo_board_at_120x40() {
    let mut app = demo();
    insta::assert_snapshot!(render(&mut app, 120, 40));
}

#[test]
fn the_demo_board_at_80x24() {
    let mut app = demo();
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!(screen);
}

#[test]
fn lanes_are_headed_with_counts_and_cards_with_markers() {
    let mut app = demo();
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Blocking 6"), "{screen}");
    assert!(screen.contains("Uncomfortable 5"));
    assert!(screen.contains("Interesting 3"));
    assert!(screen.contains("#1 "));
    assert!(screen.contains("1-way"));
    assert!(screen.contains("@maria"));
    assert!(screen.contains("waits 2"), "open prerequisites are counted");
    assert!(screen.contains("↻12-01"), "revisit date");
    assert!(
        screen.contains("▶now ⏰12-18→#9 @sam"),
        "the planner's bottleneck is marked on its card, with the date it is needed by"
    );
    assert!(
        screen.contains("~/work/board.ron"),
        "the status line names the board"
    );
    assert!(screen.contains("● saved"));
    assert!(
        !screen.contains("Which Postgres major"),
        "resolved questions are off the board"
    );
}

#[test]
fn a_long_title_wraps_to_two_lines_and_ends_in_an_ellipsis() {
    let mut board = Board::new("");
    board
        .add(&"word ".repeat(60), Lane::Blocking, now())
        .unwrap();
    let mut app = App::new(board, "b.ron");
    let screen = render(&mut app, 60, 12);
    let lines: Vec<&str> = screen.lines().filter(|l| l.contains("word")).collect();
    assert_eq!(lines.len(), 2, "{screen}");
    assert!(lines[1].contains('…'));
}

#[test]
fn the_smallest_usable_size_still_shows_the_board() {
    let mut app = demo();
    let screen = render(&mut app, 40, 10);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("#1"));
    assert!(!screen.contains("too small"));
}

#[test]
fn below_the_smallest_size_a_note_replaces_the_board_at_every_size() {
    for (w, h) in [
        (39, 10),
        (40, 9),
        (20, 5),
        (1, 1),
        (0, 0),
        (200, 3),
        (3, 200),
    ] {
        let mut app = demo();
        let screen = render(&mut app, w, h);
        if w >= 10 && h >= 1 {
            assert!(screen.contains("Terminal"), "{w}x{h}: {screen}");
        }
        // Too small for a word: no board is drawn into it either.
        assert!(!screen.contains("Blocking"), "{w}x{h}: {screen}");
        assert_eq!(
            screen.lines().count(),
            usize::from(h),
            "{w}x{h}: exactly the screen's lines"
        );
    }
    // Every mode draws without panicking at tiny sizes too.
    for setup in [
        vec![Action::Edit],
        vec![Action::Add],
        vec![Action::Decide],
        vec![Action::Delete],
        vec![Action::Help],
        vec![Action::Grab],
    ] {
        for (w, h) in [(40, 10), (41, 11), (12, 4), (1, 1)] {
            let mut app = demo();
            press(&mut app, &setup);
            render(&mut app, w, h);
        }
    }
}

#[test]
fn wide_characters_keep_the_lane_borders_aligned() {
    let mut board = Board::new("");
    board
        .add(
            "数据库迁移的真相来源是哪个账本？我们需要尽快决定",
            Lane::Blocking,
            now(),
        )
        .unwrap();
    board
        .add(
            "🚀 launch 🚀 plan 🎉 with emoji 🎉 everywhere",
            Lane::Uncomfortable,
            now(),
        )
        .unwrap();
    board
        .add("Ünïcödé ñame — ça va", Lane::Interesting, now())
        .unwrap();
    let mut app = App::new(board, "b.ron");
    app.update(
        Action::Resize {
            width: 70,
            height: 14,
        },
        now(),
    );
    let mut terminal = Terminal::new(TestBackend::new(70, 14)).unwrap();
    terminal.draw(|f| ui::view(&app, f)).unwrap();
    let buf = terminal.backend().buffer();
    let layout = app.board_layout(buf.area).unwrap();
    // Each lane's right border sits in its column on every row of the lanes.
    for lane in &layout.lanes {
        let x = lane.area.right() - 1;
        for y in lane.area.top() + 1..lane.area.bottom() - 1 {
            assert_eq!(buf[(x, y)].symbol(), "│", "lane border at {x},{y}");
        }
        for card in &lane.cards {
            for y in card.area.top() + 1..card.area.bottom() - 1 {
                let right = buf[(card.area.right() - 1, y)].symbol();
                assert!(
                    matches!(right, "│" | "┃"),
                    "card border at row {y}: {right:?}"
                );
            }
        }
    }
    let screen = ui::buffer_text(buf);
    assert!(screen.contains("数据库"), "{screen}");
    assert!(screen.contains("🚀"));
}

#[test]
fn escape_sequences_in_titles_are_shown_not_sent() {
    let mut board = Board::new("");
    let mut q = unknowns::model::Question::new(0, "x", Lane::Blocking);
    q.title = "evil \u{1b}]52;c;aGk=\u{7} \u{1b}[2J title".into();
    q.owner = Some("\u{1b}[31mred".into());
    board.push(q);
    let mut app = App::new(board, "b.ron");
    let screen = render(&mut app, 80, 12);
    assert!(screen.contains("evil ␛]52;c;aGk=␇"), "{screen}");
    assert!(screen.contains("␛[2J title"), "{screen}");
    assert!(screen.contains("@␛[31mred"));
    assert!(!screen.contains('\u{1b}'));
}

#[test]
fn the_editor_shows_every_field() {
    let mut app = demo();
    press(&mut app, &[Action::Edit]);
    let screen = render(&mut app, 100, 30);
    insta::assert_snapshot!(screen);
    for label in [
        "Title",
        "Known",
        "Stakes",
        "Next step",
        "Owner",
        "Door",
        "After",
        "Revisit",
        "Tags",
    ] {
        assert!(screen.contains(label), "{label}");
    }
    assert!(screen.contains("(•) one-way"));
    assert!(screen.contains("Ctrl-s save"));
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut app = demo();
    press(&mut app, &[Action::Help]);
    let mut seen = render(&mut app, 120, 40);
    assert!(seen.contains("Keys: Board"));
    // Scroll through it, as the overlay says.
    for _ in 0..40 {
        press(&mut app, &[Action::SelectDown]);
        seen.push_str(&render(&mut app, 120, 40));
    }
    // Descriptions wrap within their column: each one's opening words are on screen.
    for b in app.keymap.bindings(unknowns::app::Context::Board) {
        let opening: Vec<&str> = b.help().split(' ').take(3).collect();
        assert!(
            seen.contains(&opening.join(" ")),
            "help lists {:?}",
            b.help()
        );
    }
}

#[test]
fn a_carried_card_is_marked_and_a_drag_shows_a_drop_marker() {
    let mut app = demo();
    press(&mut app, &[Action::Grab, Action::MoveRight]);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("#1 carrying"), "{screen}");

    let mut app = demo();
    app.update(
        Action::Resize {
            width: 120,
            height: 40,
        },
        now(),
    );
    let layout = app
        .board_layout(ratatui::layout::Rect::new(0, 0, 120, 40))
        .unwrap();
    let from = layout.lanes[0].cards[1].area;
    let to = layout.lanes[2].cards[1].area;
    press(
        &mut app,
        &[
            Action::MouseDown {
                col: from.x + 2,
                row: from.y + 1,
            },
            Action::MouseDrag {
                col: to.x + 2,
                row: to.y,
            },
        ],
    );
    let screen = render(&mut app, 120, 40);
    let marker_row = screen.lines().nth(to.y as usize).unwrap();
    assert!(marker_row.contains("▶━━"), "{screen}");
}

#[test]
fn show_prints_every_card_as_plain_text() {
    let board = format::parse(DEMO_BOARD.as_bytes()).unwrap();
    let text = ui::board_text(&board, 100, "2026-11-24".parse().unwrap());
    insta::assert_snapshot!(text);
    for q in board.questions().iter().filter(|q| q.is_open()) {
        assert!(text.contains(&format!("#{} ", q.id)), "#{} shown", q.id);
    }
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 100)
    );
}

/// A lane longer than a screen buffer can be tall (16,384 cards of 4 rows each pass 65,535
/// rows): every card is still printed, the last one too, with the lane's bottom border.
#[test]
fn show_prints_every_card_of_a_lane_taller_than_a_buffer() {
    let mut board = unknowns::model::Board::new("long");
    let n = 17_000;
    for id in 1..=n {
        let lane = if id % 100 == 0 {
            Lane::Interesting
        } else {
            Lane::Blocking
        };
        board.push(unknowns::model::Question::new(id, format!("q{id}"), lane));
    }
    let text = ui::board_text(&board, 100, "2026-11-24".parse().unwrap());
    for id in [1, 2, 99, 100, 8_000, 16_999, n] {
        assert!(text.contains(&format!("#{id} ")), "#{id} shown");
    }
    let cards = text.matches(" q").count();
    assert_eq!(cards, n as usize, "every card once");
    assert!(
        text.trim_end().ends_with('┘'),
        "{}",
        &text[text.len() - 300..]
    );
}

fn demo_on_day() -> App {
    App::on(
        format::parse(DEMO_BOARD.as_bytes()).unwrap(),
        "~/work/board.ron",
        "2026-11-24".parse().unwrap(),
    )
}

#[test]
fn the_next_step_view_at_120x40() {
    let mut app = demo_on_day();
    press(&mut app, &[Action::SwitchView, Action::SelectFirst]);
    let screen = render(&mut app, 120, 40);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("Warnings 3"));
    assert!(screen.contains("Resolve now 3"));
    assert!(screen.contains("unblocks 5: #1, #2, #6, #9"));
    assert!(screen.contains("Why resolve now"), "the detail says why");
    assert!(screen.contains("Waited on by"));
}

#[test]
fn the_next_step_view_at_80x24_stacks_the_detail_below() {
    let mut app = demo_on_day();
    press(&mut app, &[Action::SwitchView]);
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!(screen);
    let list = screen.find("Next steps as of").unwrap();
    let detail = screen.find("Detail").unwrap();
    assert!(list < detail);
}

#[test]
fn the_resolved_view_shows_decisions_newest_first() {
    let mut app = demo_on_day();
    press(&mut app, &[Action::SwitchView, Action::SwitchView]);
    let screen = render(&mut app, 100, 30);
    insta::assert_snapshot!(screen);
    let decided = screen.find("#13").unwrap();
    let dissolved = screen.find("#14").unwrap();
    assert!(dissolved < decided, "#14 was resolved after #13");
    assert!(screen.contains("→ Postgres 16"));
}

#[test]
fn the_prerequisite_picker_marks_current_prerequisites() {
    let mut app = demo_on_day();
    // #2 waits on #1 and #4.
    press(&mut app, &[Action::SwitchView]);
    app.select_id(2);
    press(&mut app, &[Action::PickPrerequisite]);
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.contains("What must be resolved before #2?"),
        "{screen}"
    );
    assert!(screen.contains(" ✓ #1 "));
    assert!(screen.contains(" ✓ #4 "));
    assert!(
        screen.contains("   #3 "),
        "other open questions are offered"
    );
}

#[test]
fn help_that_does_not_fit_says_it_scrolls() {
    let mut app = demo();
    press(&mut app, &[Action::Help]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("j/k PgDn/PgUp g/G scroll"), "{screen}");
    assert!(screen.contains("▼ more"), "{screen}");
    let mut app = demo();
    press(
        &mut app,
        &[Action::SwitchView, Action::SwitchView, Action::Help],
    );
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Keys: Resolved"));
    assert!(!screen.contains("j/k scroll"), "the short list fits");
}

#[test]
fn a_filter_is_stated_where_everyone_can_see_it() {
    let mut app = demo();
    app.update(Action::Filter, now());
    for c in "@maria".chars() {
        app.update(
            Action::Text(ratatui_textarea::Input {
                key: ratatui_textarea::Key::Char(c),
                ctrl: false,
                alt: false,
                shift: false,
            }),
            now(),
        );
    }
    app.update(Action::Submit, now());
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("FILTER @maria · 2 of 14 shown · Esc clears"),
        "{screen}"
    );
    assert!(screen.contains("2 of 14 open shown"));
    assert!(screen.contains("none match the filter"));
}

fn colours(app: &mut App, width: u16, height: u16) -> Vec<ratatui::style::Color> {
    app.update(Action::Resize { width, height }, now());
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::view(app, f)).unwrap();
    let buf = terminal.backend().buffer();
    buf.content.iter().flat_map(|c| [c.fg, c.bg]).collect()
}

#[test]
fn every_theme_uses_only_the_sixteen_ansi_colours() {
    use ratatui::style::Color;
    use unknowns::ui::theme::Theme;
    for theme in [
        Theme::Dark,
        Theme::Light,
        Theme::HighContrast,
        Theme::NoColor,
    ] {
        for setup in [
            vec![],
            vec![Action::SwitchView],
            vec![Action::Edit],
            vec![Action::Help],
        ] {
            let mut app = demo();
            app.theme = theme;
            press(&mut app, &setup);
            for c in colours(&mut app, 120, 40) {
                assert!(
                    !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                    "{theme:?} uses {c:?}: 16-colour terminals could not show it"
                );
            }
        }
    }
}

#[test]
fn no_color_has_no_colour_and_high_contrast_nothing_dim() {
    use ratatui::style::Color;
    use unknowns::ui::theme::Theme;
    let mut app = demo();
    app.theme = Theme::NoColor;
    assert!(
        colours(&mut app, 120, 40)
            .iter()
            .all(|c| *c == Color::Reset)
    );
    let mut app = demo();
    app.theme = Theme::HighContrast;
    press(&mut app, &[Action::SwitchView]);
    assert!(
        !colours(&mut app, 120, 40)
            .iter()
            .any(|c| matches!(c, Color::DarkGray | Color::Gray))
    );
    let mut app = demo();
    app.theme = Theme::Light;
    assert!(
        !colours(&mut app, 120, 40).contains(&Color::Yellow),
        "yellow vanishes on white"
    );
    // The same words on screen in every theme.
    let mut dark = demo();
    let mut contrast = demo();
    contrast.theme = Theme::HighContrast;
    assert_eq!(render(&mut dark, 100, 30), render(&mut contrast, 100, 30));
}

#[test]
fn the_theme_comes_from_the_flag_then_no_color() {
    use unknowns::ui::theme::Theme;
    assert_eq!(Theme::choose(None, None), Theme::Dark);
    assert_eq!(Theme::choose(None, Some("1".into())), Theme::NoColor);
    assert_eq!(
        Theme::choose(None, Some("".into())),
        Theme::Dark,
        "an empty NO_COLOR does not count"
    );
    assert_eq!(
        Theme::choose(Some(Theme::Light), Some("1".into())),
        Theme::Light
    );
}

#[test]
fn presentation_mode_at_80x24() {
    let mut app = demo_on_day();
    press(&mut app, &[Action::Present]);
    app.message = None;
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("Tuesday 24 November 2026"), "{screen}");
    assert!(
        !screen.contains("board.ron"),
        "no file path on a shared screen"
    );
    assert!(!screen.contains("a add"), "no key hints");
}

#[test]
fn presentation_mode_at_200x60_with_a_zoomed_question() {
    let mut app = demo_on_day();
    press(&mut app, &[Action::Present]);
    app.message = None;
    let board = render(&mut app, 200, 60);
    insta::assert_snapshot!("presentation_200x60_board", board);
    press(&mut app, &[Action::Zoom]);
    let zoom = render(&mut app, 200, 60);
    insta::assert_snapshot!("presentation_200x60_zoom", zoom);
    for part in [
        "Known",
        "Stakes",
        "Next step",
        "one-way door",
        "Waits on",
        "Waited on by",
    ] {
        assert!(zoom.contains(part), "{part}");
    }
}

#[test]
fn detail_text_wraps_under_its_heading_keeping_list_indents() {
    let mut board = Board::new("t");
    board
        .add(
            "Which ledger is the source of truth?",
            Lane::Blocking,
            now(),
        )
        .unwrap();
    board
        .edit(1, now(), |e| {
            e.known = "- finance reconciles from the legacy ledger every night before close\n  \
                       - and the new ledger only gets a nightly copy of what was written"
                .into()
        })
        .unwrap();
    let mut app = App::new(board, "board.ron");
    press(&mut app, &[Action::SwitchView]);
    let screen = render(&mut app, 60, 50);
    let detail: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("│Known"))
        .skip(1)
        .take(6)
        .map(|l| l.trim_start_matches('│').trim_end_matches('│').trim_end())
        .collect();
    assert_eq!(
        detail,
        [
            "  - finance reconciles from the legacy ledger every",
            "    night before close",
            "    - and the new ledger only gets a nightly copy of",
            "      what was written",
            "",
            "Stakes",
        ],
        "{screen}"
    );
}

/// Capturing fast: the add line sits away from the cards just added, so what was captured
/// stays in sight (in a lane that fills, and one that scrolls), and it lists the last few.
#[test]
fn the_add_line_keeps_the_new_cards_in_sight() {
    for (lane, size) in [
        (1, (120, 40)),
        (0, (120, 40)),
        (1, (80, 24)),
        (2, (120, 40)),
    ] {
        let mut app = demo();
        render(&mut app, size.0, size.1);
        for _ in 0..lane {
            app.update(Action::FocusRight, now());
        }
        app.update(Action::Add, now());
        let titles = [
            "first capture",
            "second capture",
            "third capture",
            "fourth capture",
        ];
        for (k, title) in titles.iter().enumerate() {
            app.update(Action::Paste((*title).into()), now());
            app.update(Action::Submit, now());
            let screen = render(&mut app, size.0, size.1);
            // On their cards, not only in the add line's list: the newest always, the ones
            // before it as far as the lane shows them.
            let on_cards = |t: &str| screen.lines().any(|l| l.contains(&format!("│ {t}")));
            assert!(on_cards(title), "{title} out of sight:\n{screen}");
            if size.1 >= 40 {
                for earlier in &titles[..k] {
                    assert!(on_cards(earlier), "{earlier} out of sight:\n{screen}");
                }
            }
        }
        let screen = render(&mut app, size.0, size.1);
        assert!(screen.contains("added 4:"), "{screen}");
    }
}

/// A chain where #1 unblocks six questions: Next steps names the first few; presenting,
/// every one of them (to read aloud), as the zoom's detail does.
#[test]
fn a_shared_screen_names_every_question_a_bottleneck_unblocks() {
    let mut text = String::from("(version: 1, title: \"chain\", questions: [\n");
    text.push_str("(id: 1, title: \"the bottleneck\", lane: Blocking),\n");
    for k in 2..=7 {
        text.push_str(&format!(
            "(id: {k}, title: \"waits {k}\", lane: Blocking, after: [{}]),\n",
            k - 1
        ));
    }
    text.push_str("])\n");
    let board = format::parse(text.as_bytes()).unwrap();
    let mut app = App::new(board, "chain.ron");
    render(&mut app, 120, 40);
    press(&mut app, &[Action::SwitchView]);
    let listed = render(&mut app, 120, 40);
    assert!(listed.contains("unblocks 6: #2, #3, #4, #5, …"), "{listed}");
    // No empty section is shown.
    assert!(!listed.contains("Can wait 0"), "{listed}");
    assert!(!listed.contains("Decide in motion 0"), "{listed}");
    press(&mut app, &[Action::Present]);
    let presented = render(&mut app, 120, 40);
    assert!(
        presented.contains("unblocks 6: #2, #3, #4, #5, #6, #7"),
        "{presented}"
    );
    press(
        &mut app,
        &[Action::Present, Action::SwitchView, Action::SwitchView],
    );
    press(&mut app, &[Action::Zoom]);
    let zoomed = render(&mut app, 120, 40);
    assert!(
        zoomed.contains("6 in all, counting what waits on those: #2, #3, #4, #5, #6, #7"),
        "{zoomed}"
    );
}

/// The defer line says what a typed date means, or why it is not one, before Enter; and a
/// warning too long for the status line takes a second row instead of being cut.
#[test]
fn the_defer_line_reads_the_date_live_and_errors_are_never_cut() {
    let mut app = demo_on_day();
    render(&mut app, 80, 24);
    press(&mut app, &[Action::Defer]);
    app.update(Action::Paste("next week".into()), now());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("✗ \"next week\" is not a date"), "{screen}");
    press(&mut app, &[Action::Submit]);
    let screen = render(&mut app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let last_two = rows[rows.len() - 2..].join(" ");
    assert!(last_two.contains("\"next week\" is not a date"), "{screen}");
    assert!(last_two.contains("weekday like mon"), "{screen}");
    assert!(!screen.contains("reads it all"), "{screen}");
    // A date that reads: what it means.
    press(&mut app, &[Action::Cancel, Action::Defer]);
    app.update(Action::Paste("2026-12-18".into()), now());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("→ revisit on Fri 2026-12-18"), "{screen}");
}

/// A needed-by date on a card: its own, inherited (with the question it is needed for), and
/// passed (marked, in every theme); the detail names it.
#[test]
fn cards_show_needed_by_dates_near_and_passed() {
    let text = r#"(version: 1, title: "dates", questions: [
        (id: 1, title: "prerequisite", lane: Blocking),
        (id: 2, title: "launch gate", lane: Blocking, after: [1], needed_by: Some("2026-12-18")),
        (id: 3, title: "missed", lane: Uncomfortable, needed_by: Some("2026-11-20")),
    ])"#;
    let board = format::parse(text.as_bytes()).unwrap();
    let mut app = App::on(board, "dates.ron", "2026-11-24".parse().unwrap());
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("⏰12-18→#2"), "inherited:\n{screen}");
    assert!(screen.contains("⏰12-18 "), "own:\n{screen}");
    assert!(screen.contains("⏰11-20!"), "passed:\n{screen}");
    press(&mut app, &[Action::ToggleDetail]);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("needed by Fri 12-18 for #2"), "{screen}");
}

/// The Map of the demo board at three sizes: the graph whole where it fits, the critical
/// chain named, what is left out counted.
#[test]
fn the_map_at_80x24_120x40_and_200x50() {
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        let mut app = demo_on_day();
        render(&mut app, w, h);
        press(&mut app, &[Action::PrevView]);
        let screen = render(&mut app, w, h);
        assert!(
            screen.contains("critical chain: 3 questions, #3 → #1 → #2"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("map_{w}x{h}"), screen);
    }
}

/// Filtered on the Map, a question the filter leaves out is a small gap mark on its chain.
#[test]
fn a_filter_on_the_map_leaves_gap_marks() {
    let mut app = demo_on_day();
    render(&mut app, 120, 40);
    press(&mut app, &[Action::PrevView, Action::Filter]);
    app.update(Action::Paste("@sam".into()), now());
    press(&mut app, &[Action::Submit]);
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("┄#1┄"), "{screen}");
    assert!(screen.contains("#3") && screen.contains("@sam"), "{screen}");
}

/// The review's summary says the week's change, lane by lane, from the board's history; the
/// minutes say the lane counts as the meeting started and ended.
#[test]
fn the_review_summary_says_the_weeks_change() {
    let mut app = demo_on_day();
    render(&mut app, 120, 40);
    press(&mut app, &[Action::Review]);
    for _ in 0..40 {
        if app.review().is_some_and(|r| r.finished()) {
            break;
        }
        press(&mut app, &[Action::Keep]);
    }
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("since last Monday"), "{screen}");
    assert!(
        screen.contains("Blocking 6 → 6 · Uncomfortable"),
        "{screen}"
    );
}

/// A cycle on the Map is named on its edge as the warnings name it, and its edges run back.
#[test]
fn the_map_names_a_cycle() {
    let text = r#"(version: 1, questions: [
        (id: 1, title: "alpha", lane: Blocking, after: [3]),
        (id: 2, title: "beta", lane: Blocking, after: [1]),
        (id: 3, title: "gamma", lane: Uncomfortable, after: [2]),
    ])"#;
    let mut app = App::new(format::parse(text.as_bytes()).unwrap(), "cyc.ron");
    render(&mut app, 100, 30);
    press(&mut app, &[Action::PrevView]);
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("cycle #1 → #3 → #2 → #1"), "{screen}");
    assert!(screen.contains('◀'), "{screen}");
}
