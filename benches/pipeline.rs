//! yujuesuan against raw typst on the Beiguan report, each figure a ratio measured in the
//! same run: `cargo bench --bench pipeline` (release). BENCHMARKS.md records a run.
//!
//! "Raw typst" is typst compiling the same final document: the pack's Typst templates and
//! the JSON data files yujuesuan wrote, served from memory, with the same fonts — typst's
//! own cost, without loading, checking and writing the report.

// Timings and ratios are measurements, not amounts of money.
#![allow(clippy::disallowed_types)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use typst::foundations::Datetime;
use typst_kit::fonts::FontStore;
use yujuesuan::fonts::FontOptions;
use yujuesuan::layout::DataFiles;
use yujuesuan::world::ReportWorld;
use yujuesuan::{Options, Session};

// As the binary: what is measured is the command's own allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs per measure; the warm ones are short and the machine noisy, so they run more.
const RUNS: usize = 15;
const WARM_RUNS: usize = 21;
/// Fresh processes whose peak memory is measured, on each side.
const MEMORY_RUNS: usize = 7;
/// Rounds of the batch of 100 (a round: one serial batch, one parallel, two processes of 50).
const BATCH_ROUNDS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let paths: Vec<PathBuf> = args[at + 2..].iter().map(PathBuf::from).collect();
        child(&args[at + 1], &paths);
        return;
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/beiguan-2024");
    let work = std::env::temp_dir().join(format!("yujuesuan-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let date = Datetime::from_ymd(2025, 9, 1).expect("a date");

    println!("| measure | yujuesuan | raw typst | ratio | goal |");
    println!("|---|---|---|---|---|");

    // Cold: fonts loaded, nothing memoised.
    let prepared = yujuesuan::prepare(&example, &Options::default()).expect("prepares");
    let (ours, raw) = interleaved(
        RUNS,
        || (),
        || {
            typst::comemo::evict(0);
            let fonts = fonts();
            yujuesuan::build(&example, &work.join("cold.pdf"), &Options::default(), fonts)
                .expect("builds");
        },
        || {
            typst::comemo::evict(0);
            compile(
                &ReportWorld::new(prepared.pack.clone(), prepared.data.clone(), fonts(), date),
                date,
            );
        },
    );
    row(
        "cold build (fonts, whole pipeline, PDF written)",
        ours,
        raw,
        "≤ 1.10×",
    );

    // Warm: one figure changed (2069999 其他科学技术支出 in three columns), world kept. Every
    // save writes a value not seen before, as a user's correction does, so typst finds no
    // layout of it in its memo. The copies leave out totals.yaml, the software's printed
    // totals, which a new figure would contradict.
    let copy = without_totals(copy_of(&example, &work.join("warm")));
    let fonts = fonts();
    let mut session = Session::new(
        &copy,
        &work.join("warm.pdf"),
        &Options::default(),
        fonts.clone(),
    );
    session.rebuild().expect("builds");
    // The raw world has its own copy, with 2080799 at 712.46, so that neither side finds
    // the other's layout of the same data in typst's shared memo.
    let other = without_totals(copy_of(&example, &work.join("raw")));
    replace(&other, &["712.45"], "712.46");
    let variants: Vec<DataFiles> = (0..=WARM_RUNS)
        .map(|turn| {
            if turn > 0 {
                set_figure(&other, turn);
            }
            let prepared = yujuesuan::prepare(&other, &Options::default()).expect("prepares");
            prepared.data
        })
        .collect();
    let mut world = ReportWorld::new(
        prepared.pack.clone(),
        variants[0].clone(),
        fonts.clone(),
        date,
    );
    compile(&world, date);
    let (mut turn, mut step) = (0, 0);
    let (ours, raw) = interleaved(
        WARM_RUNS,
        || {
            turn += 1;
            set_figure(&copy, turn);
        },
        || drop(session.rebuild().expect("rebuilds")),
        || {
            step += 1;
            world.update(prepared.pack.clone(), variants[step].clone(), date);
            compile(&world, date);
        },
    );
    row(
        "warm regenerate, one figure changed",
        ours,
        raw,
        "≤ 150 ms, ≤ 1.2×",
    );

    let unchanged = median(
        (0..WARM_RUNS)
            .map(|_| timed(|| drop(session.rebuild().expect("rebuilds"))))
            .collect(),
    );
    println!(
        "| regenerate, nothing changed | {} | | | ≤ 100 ms |",
        ms(unchanged)
    );

    let validate = median(
        (0..WARM_RUNS)
            .map(|_| {
                timed(|| drop(yujuesuan::check(&example, &Options::default()).expect("checks")))
            })
            .collect(),
    );
    println!(
        "| validate alone (library call) | {} | | | ≤ 20 ms |",
        ms(validate)
    );
    let command = run_median(&["validate".as_ref(), example.as_os_str()]);
    let start = run_median(&["--version".as_ref()]);
    println!(
        "| `yujuesuan validate` (whole process, start to exit; of which process start, as `--version`) | {} ({}) | | | ≤ 20 ms |",
        ms(command),
        ms(start)
    );

    // The final document's files, for raw typst in a child process.
    let files = work.join("files");
    std::fs::create_dir_all(&files).expect("dir");
    for (path, bytes) in &prepared.data {
        let file = files.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
        std::fs::write(file, bytes).expect("write");
    }

    // A batch: 100 units in two halves, each unit its own department name so that typst
    // lays every one out.
    let halves = [work.join("batch/a"), work.join("batch/b")];
    for i in 0..100 {
        let dir = copy_of(&example, &halves[i / 50].join(format!("unit{i:03}")));
        let report = std::fs::read_to_string(dir.join("report.yaml")).expect("read");
        let renamed = report.replace("北关区人社局", &format!("北关区人社局{i}"));
        std::fs::write(dir.join("report.yaml"), renamed).expect("write");
    }
    // Each batch in a fresh process whose rayon pool (typst's own parallel layout included)
    // has the given threads: one thread is the units built one after another. Beside them,
    // what the machine gives the same work on two cores without sharing a process: the two
    // halves at once, each in a one-thread process, sharing neither memo, allocator nor pool.
    let threads = rayon::current_num_threads().max(2);
    let batch = |threads: usize| timed_child("batch", &halves, threads);
    let two_processes = || {
        let mut runs = Vec::new();
        let time = timed(|| {
            runs = std::thread::scope(|scope| {
                let other = scope.spawn(|| in_child("batch", &halves[1..], 1));
                vec![
                    in_child("batch", &halves[..1], 1),
                    other.join().expect("the other"),
                ]
            });
        });
        let (kb, cpu) = runs.iter().fold((0, Duration::ZERO), |(kb, cpu), run| {
            (kb + run.peak_kb, cpu + run.cpu)
        });
        (time, Child { peak_kb: kb, cpu })
    };
    // The three alternate in order and reverse order, round by round, so that a drift of the
    // machine's speed over the minutes a batch takes does not fall on one side; the round
    // with the median speed-up counts.
    let mut rounds: Vec<[(Duration, Child); 3]> = (0..BATCH_ROUNDS)
        .map(|round| {
            if round % 2 == 0 {
                let serial = batch(1);
                let parallel = batch(threads);
                [serial, parallel, two_processes()]
            } else {
                let apart = two_processes();
                let parallel = batch(threads);
                [batch(1), parallel, apart]
            }
        })
        .collect();
    let speedup = |round: &[(Duration, Child); 3], of: usize| {
        round[0].0.as_secs_f64() / round[of].0.as_secs_f64()
    };
    rounds.sort_by(|a, b| speedup(a, 1).total_cmp(&speedup(b, 1)));
    let all: Vec<String> = rounds
        .iter()
        .map(|r| format!("{:.2}×", speedup(r, 1)))
        .collect();
    let mid = &rounds[rounds.len() / 2];
    println!(
        "| batch of 100 reports, one thread / {threads} threads (median round of {BATCH_ROUNDS}: {}) | {} / {} | | {:.2}× faster | ≥ 1.8× |",
        all.join(", "),
        secs(mid[0].0),
        secs(mid[1].0),
        speedup(mid, 1)
    );
    println!(
        "| the same 100 as two one-thread processes of 50 at once, in the same round (what the machine gives two processes) | {} | | {:.2}× faster | |",
        secs(mid[2].0),
        speedup(mid, 2)
    );
    // CPU time against wall time × threads: a parallel batch that used the serial one's CPU
    // time but took more than half its time waited; one that used more CPU time met a
    // machine that runs two threads slower than one.
    let busy = |(wall, run): &(Duration, Child), threads: u32| {
        format!(
            "{} ({:.0} % busy)",
            secs(run.cpu),
            100.0 * run.cpu.as_secs_f64() / (*wall * threads).as_secs_f64()
        )
    };
    println!(
        "| CPU time of the batch, one thread / {threads} threads / two processes | {} / {} / {} | | | |",
        busy(&mid[0], 1),
        busy(&mid[1], threads as u32),
        busy(&mid[2], 2),
    );
    println!(
        "| peak memory of the batch of 100 (RSS), one thread / {threads} threads | {} MB / {} MB | | | |",
        mid[0].1.peak_kb / 1024,
        mid[1].1.peak_kb / 1024
    );

    // Peak memory of one build, each in a fresh process: the median of a few, alternating,
    // since one process's peak varies by 10 MB with how typst's threads share the work.
    let (mut ours, mut raw) = (Vec::new(), Vec::new());
    for _ in 0..MEMORY_RUNS {
        ours.push(in_child("build", std::slice::from_ref(&example), threads).peak_kb);
        raw.push(in_child("raw", std::slice::from_ref(&files), threads).peak_kb);
    }
    let (ours, raw) = (median(ours), median(raw));
    println!(
        "| peak memory of one build (RSS) | {} MB | {} MB | {:.2}× | ≤ 1.2× |",
        ours / 1024,
        raw / 1024,
        ours as f64 / raw as f64
    );
    let _ = std::fs::remove_dir_all(&work);
}

fn fonts() -> Arc<FontStore> {
    Arc::new(yujuesuan::fonts::load(&FontOptions::default()))
}

/// Compiles the world into PDF bytes, as yujuesuan does.
fn compile(world: &ReportWorld, date: Datetime) -> Vec<u8> {
    yujuesuan::compile::compile(world, date, "bench").expect("compiles")
}

/// The median time of the release binary run with `args`, from start to exit.
fn run_median(args: &[&std::ffi::OsStr]) -> Duration {
    median(
        (0..WARM_RUNS)
            .map(|_| {
                timed(|| {
                    let output = Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
                        .args(args)
                        .output()
                        .expect("runs");
                    assert!(output.status.success(), "{args:?} succeeds");
                })
            })
            .collect(),
    )
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort();
    values[values.len() / 2]
}

/// Runs `ours` and `raw` alternately, so that both see the same machine, and gives their
/// medians; `before` runs untimed before each of `ours` (the user's save of a file).
fn interleaved(
    runs: usize,
    mut before: impl FnMut(),
    mut ours: impl FnMut(),
    mut raw: impl FnMut(),
) -> (Duration, Duration) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        before();
        a.push(timed(&mut ours));
        b.push(timed(&mut raw));
    }
    (median(a), median(b))
}

fn row(what: &str, ours: Duration, raw: Duration, goal: &str) {
    println!(
        "| {what} | {} | {} | {:.2}× | {goal} |",
        ms(ours),
        ms(raw),
        ours.as_secs_f64() / raw.as_secs_f64()
    );
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn copy_of(example: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(example).expect("example") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
    }
    to.to_path_buf()
}

/// `dir` without its totals.yaml, so that its figures can change freely.
fn without_totals(dir: PathBuf) -> PathBuf {
    std::fs::remove_file(dir.join("totals.yaml")).expect("remove totals.yaml");
    dir
}

/// 2069999's figure at the `turn`th save: its value in the example plus `turn` cents.
fn figure(turn: usize) -> String {
    let cents = 28525 + turn;
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Saves 2069999's figure (income, expense and 财政拨款 alike) as at the `turn`th save.
fn set_figure(dir: &Path, turn: usize) {
    replace(
        dir,
        &[&format!(" {}}}", figure(turn - 1))],
        &format!(" {}}}", figure(turn)),
    );
}

/// Writes `value` for `figures` in accounts.yaml.
fn replace(dir: &Path, figures: &[&str], value: &str) {
    let file = dir.join("accounts.yaml");
    let mut text = std::fs::read_to_string(&file).expect("read");
    for figure in figures {
        assert!(text.contains(figure), "{figure} in {}", file.display());
        text = text.replace(figure, value);
    }
    std::fs::write(file, text).expect("write");
}

/// What a child process reports of itself.
struct Child {
    /// Peak resident memory (kB).
    peak_kb: u64,
    /// CPU time, user and system, of all its threads.
    cpu: Duration,
}

/// Runs a fresh process running `mode` on `paths` with a rayon pool of `threads`.
fn in_child(mode: &str, paths: &[PathBuf], threads: usize) -> Child {
    let output = Command::new(std::env::current_exe().expect("this binary"))
        .args(["--child", mode])
        .args(paths)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| -> u64 {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} from the {mode} child: {stdout}"))
    };
    Child {
        peak_kb: field("peak_kb"),
        cpu: Duration::from_millis(field("cpu_ms")),
    }
}

/// [`in_child`], timed from start to exit.
fn timed_child(mode: &str, paths: &[PathBuf], threads: usize) -> (Duration, Child) {
    let mut run = None;
    let time = timed(|| run = Some(in_child(mode, paths, threads)));
    (time, run.expect("ran"))
}

/// A child process: one build of the report in `paths[0]` (`build`), the batch of every
/// report directory in `paths` (`batch`), or one raw typst compile of the data files in
/// `paths[0]` (`raw`); prints its peak resident memory and its CPU time.
fn child(mode: &str, paths: &[PathBuf]) {
    let fonts = fonts();
    let out =
        std::env::temp_dir().join(format!("yujuesuan-bench-child-{}.pdf", std::process::id()));
    match mode {
        "build" => {
            yujuesuan::build(&paths[0], &out, &Options::default(), fonts).expect("builds");
        }
        "batch" => {
            let mut units: Vec<PathBuf> = paths
                .iter()
                .flat_map(|path| std::fs::read_dir(path).expect("units"))
                .map(|entry| entry.expect("entry").path())
                .collect();
            units.sort();
            let out_dir = out.with_extension("d");
            let built =
                yujuesuan::batch::build_all(&units, &out_dir, &Options::default(), fonts, &|_| {})
                    .expect("builds");
            assert!(
                built
                    .iter()
                    .all(|u| matches!(u.outcome, yujuesuan::batch::UnitOutcome::Built { .. }))
            );
            let _ = std::fs::remove_dir_all(out_dir);
        }
        _ => {
            let mut data = DataFiles::new();
            collect(&paths[0], &paths[0], &mut data);
            let pack = yujuesuan::format::Pack::open("henan-department", None).expect("pack");
            let date = Datetime::from_ymd(2025, 9, 1).expect("a date");
            std::fs::write(
                &out,
                compile(&ReportWorld::new(pack, data, fonts, date), date),
            )
            .expect("write");
        }
    }
    let _ = std::fs::remove_file(&out);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().trim_end_matches("kB").trim().to_owned())
        .unwrap_or_default();
    println!("peak_kb={peak}");
    // utime and stime, the 14th and 15th fields of /proc/self/stat (after the command name,
    // which may hold spaces), count every thread's time in ticks of 10 ms (Linux's USER_HZ).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let ticks: u64 = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().skip(11).take(2))
        .into_iter()
        .flatten()
        .filter_map(|v| v.parse::<u64>().ok())
        .sum();
    println!("cpu_ms={}", ticks * 10);
}

/// The data files under `root`, keyed as the world serves them (`/data/…`).
fn collect(root: &Path, dir: &Path, data: &mut DataFiles) {
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(root, &path, data);
        } else {
            let key = format!("/{}", path.strip_prefix(root).expect("inside").display());
            data.insert(key, std::fs::read(&path).expect("read"));
        }
    }
}
