//! Hand-rolled command-line parsing.
//!
//! Options may come before or after the command. A lone `-` as FILE means
//! standard input; `--` ends the options. The secret is never accepted as an
//! argument: `--secret`, `--secret=...` (and any other `--secret*` spelling
//! but `--secret-file`) are refused with an explanation, without echoing the
//! value.
//!
//! No message echoes an argument that could be the secret typed in the wrong
//! place: an unknown command, option, payout method or help topic, a stray
//! FILE, an option's value are described, never printed (an unknown option
//! close to a known one gets the known one suggested).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use monetix_gate::payout::Method;

use crate::fail::Failure;

/// A subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `canonical [FILE]`
    Canonical,
    /// `sign [FILE]`
    Sign,
    /// `sign-body [FILE]`
    SignBody,
    /// `verify [--strict] [FILE]`
    Verify,
    /// `payout cambodia|colombia [FILE]`
    Payout(Method),
    /// `status [FILE]`
    Status,
    /// `sign-as-platform [FILE]`: a callback or response signed as the
    /// platform signs it (a test-side tool).
    SignAsPlatform,
    /// `callback [--strict] [--payout REQUEST.json [--method M]] [FILE]`
    Callback,
    /// `acknowledgement [FILE]`: the immediate answer to a payout request.
    Acknowledgement,
    /// `sandbox [--listen ADDR] ...`: the local Gate sandbox.
    Sandbox,
    /// `batch cambodia|colombia [FILE.csv]`: one signed payout per CSV row.
    Batch(Method),
    /// `banks cambodia|colombia`: the method's bank table.
    Banks(Method),
}

impl Command {
    fn from_name(name: &str) -> Option<Named> {
        Some(Named::Command(match name {
            "canonical" => Command::Canonical,
            "sign" => Command::Sign,
            "sign-body" => Command::SignBody,
            "verify" => Command::Verify,
            // The method is the next positional argument.
            "payout" => return Some(Named::NeedsMethod(Command::Payout)),
            "batch" => return Some(Named::NeedsMethod(Command::Batch)),
            "banks" => return Some(Named::NeedsMethod(Command::Banks)),
            "status" => Command::Status,
            "sign-as-platform" => Command::SignAsPlatform,
            "callback" => Command::Callback,
            "acknowledgement" => Command::Acknowledgement,
            "sandbox" => Command::Sandbox,
            _ => return None,
        }))
    }

    /// The command's name as typed.
    pub fn name(self) -> &'static str {
        match self {
            Command::Canonical => "canonical",
            Command::Sign => "sign",
            Command::SignBody => "sign-body",
            Command::Verify => "verify",
            Command::Payout(_) => "payout",
            Command::Status => "status",
            Command::SignAsPlatform => "sign-as-platform",
            Command::Callback => "callback",
            Command::Acknowledgement => "acknowledgement",
            Command::Sandbox => "sandbox",
            Command::Batch(_) => "batch",
            Command::Banks(_) => "banks",
        }
    }

    /// Whether the command reads a FILE (or standard input).
    pub fn takes_file(self) -> bool {
        !matches!(self, Command::Sandbox | Command::Banks(_))
    }

    /// Whether the command uses the secret.
    pub fn needs_secret(self) -> bool {
        !matches!(
            self,
            Command::Canonical | Command::Acknowledgement | Command::Banks(_)
        )
    }

    /// Whether the command signs or verifies, so that the ambiguity rule
    /// (and `--allow-ambiguous`) applies to it.
    pub fn signs_or_verifies(self) -> bool {
        // `canonical` never refuses; `acknowledgement` reads unsigned answers.
        self.needs_secret()
    }

    fn allows(self, flag: Flag) -> bool {
        match flag {
            Flag::SecretFile | Flag::AllowSuspiciousSecret => self.needs_secret(),
            Flag::AllowAmbiguous => self.signs_or_verifies(),
            Flag::Strict => matches!(self, Command::Verify | Command::Callback),
            Flag::Endpoint => matches!(self, Command::Payout(_)),
            Flag::AllowUnlistedBank => {
                matches!(
                    self,
                    Command::Payout(_) | Command::Batch(_) | Command::Sandbox
                )
            }
            Flag::MaxBodyBytes => true,
            Flag::Listen
            | Flag::ListenBeyondLoopback
            | Flag::CallbackUrl
            | Flag::AllowNonLoopbackCallbacks
            | Flag::TimeScale
            | Flag::MaxAttempts
            | Flag::Log => self == Command::Sandbox,
            Flag::OutDir | Flag::DecimalAmounts => matches!(self, Command::Batch(_)),
            Flag::Payout | Flag::Method => self == Command::Callback,
        }
    }
}

/// A command that takes a method next (`payout`, `batch`), and its name.
type MethodCommand = (fn(Method) -> Command, &'static str);

/// What a command name stands for: a command, or one that takes a method next.
#[derive(Clone, Copy)]
enum Named {
    Command(Command),
    NeedsMethod(fn(Method) -> Command),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    SecretFile,
    AllowSuspiciousSecret,
    AllowAmbiguous,
    Strict,
    Endpoint,
    AllowUnlistedBank,
    MaxBodyBytes,
    Listen,
    ListenBeyondLoopback,
    CallbackUrl,
    AllowNonLoopbackCallbacks,
    TimeScale,
    MaxAttempts,
    Log,
    OutDir,
    DecimalAmounts,
    Payout,
    Method,
}

impl Flag {
    fn name(self) -> &'static str {
        match self {
            Flag::SecretFile => "--secret-file",
            Flag::AllowSuspiciousSecret => "--allow-suspicious-secret",
            Flag::AllowAmbiguous => "--allow-ambiguous",
            Flag::Strict => "--strict",
            Flag::Endpoint => "--endpoint",
            Flag::AllowUnlistedBank => "--allow-unlisted-bank",
            Flag::MaxBodyBytes => "--max-body-bytes",
            Flag::Listen => "--listen",
            Flag::ListenBeyondLoopback => "--listen-beyond-loopback",
            Flag::CallbackUrl => "--callback-url",
            Flag::AllowNonLoopbackCallbacks => "--allow-non-loopback-callbacks",
            Flag::TimeScale => "--time-scale",
            Flag::MaxAttempts => "--max-attempts",
            Flag::Log => "--log",
            Flag::OutDir => "--out-dir",
            Flag::DecimalAmounts => "--decimal-amounts",
            Flag::Payout => "--payout",
            Flag::Method => "--method",
        }
    }
}

/// The default of `--max-body-bytes`: 16 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// The largest `--max-body-bytes`: the engine addresses bodies below 4 GiB.
pub const MAX_MAX_BODY_BYTES: u64 = 0xFFFF_FFFF;

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// Print the general help, or the help of one command.
    Help(Option<&'static str>),
    /// Print the version.
    Version,
    /// Run a command.
    Run(Box<Args>),
}

/// A parsed command with its options.
#[derive(Debug)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// The body's file; `None` for standard input.
    pub file: Option<PathBuf>,
    /// `--secret-file PATH`.
    pub secret_file: Option<PathBuf>,
    /// `--allow-suspicious-secret`.
    pub allow_suspicious_secret: bool,
    /// `--allow-ambiguous`: sign and verify ambiguous data (risky).
    pub allow_ambiguous: bool,
    /// `--max-body-bytes N`: the largest body read (default 16 MiB).
    pub max_body_bytes: u64,
    /// `--strict`.
    pub strict: bool,
    /// `--endpoint`.
    pub endpoint: bool,
    /// `--allow-unlisted-bank`.
    pub allow_unlisted_bank: bool,
    /// Whether `--max-body-bytes` was given (`sandbox` and `batch` have
    /// defaults of their own).
    pub max_body_bytes_given: bool,
    /// `--listen ADDR` (sandbox).
    pub listen: Option<String>,
    /// `--listen-beyond-loopback` (sandbox).
    pub listen_beyond_loopback: bool,
    /// `--callback-url URL` (sandbox).
    pub callback_url: Option<String>,
    /// `--allow-non-loopback-callbacks` (sandbox).
    pub allow_non_loopback_callbacks: bool,
    /// `--time-scale F` (sandbox).
    pub time_scale: Option<String>,
    /// `--max-attempts N` (sandbox).
    pub max_attempts: Option<String>,
    /// `--log FILE` (sandbox).
    pub log: Option<PathBuf>,
    /// `--out-dir DIR` (batch).
    pub out_dir: Option<PathBuf>,
    /// `--decimal-amounts` (batch).
    pub decimal_amounts: bool,
    /// `--payout REQUEST.json` (callback): the payout request the callback
    /// must answer.
    pub payout: Option<PathBuf>,
    /// `--method cambodia|colombia` (callback, with `--payout`); `None`:
    /// detected from the request.
    pub method: Option<Method>,
}

/// The message for a secret given on the command line.
pub const SECRET_ON_COMMAND_LINE: &str = "refusing a secret on the command line \
(it would be visible in the process list and the shell history): \
set MONETIX_SECRET or pass --secret-file PATH";

/// Is `arg` an attempt to pass the secret itself as an option?
fn is_secret_option(arg: &OsStr) -> bool {
    let bytes = arg.as_encoded_bytes();
    let name = bytes.split(|&b| b == b'=').next().unwrap_or(bytes);
    name.starts_with(b"--secret") && name != b"--secret-file"
}

/// Every option, for suggestions.
const OPTIONS: &[&str] = &[
    "--secret-file",
    "--allow-suspicious-secret",
    "--allow-ambiguous",
    "--max-body-bytes",
    "--strict",
    "--endpoint",
    "--allow-unlisted-bank",
    "--listen",
    "--listen-beyond-loopback",
    "--callback-url",
    "--allow-non-loopback-callbacks",
    "--time-scale",
    "--max-attempts",
    "--log",
    "--out-dir",
    "--decimal-amounts",
    "--payout",
    "--method",
    "--help",
    "--version",
];

/// The message for an unknown option. The argument itself is never shown (it
/// might be a secret typed after a dash); a known option within two edits of
/// its name (the part before `=`) is suggested instead.
fn unknown_option(arg: &OsStr) -> String {
    let bytes = arg.as_encoded_bytes();
    let name = bytes.split(|&b| b == b'=').next().unwrap_or(bytes);
    let near = OPTIONS
        .iter()
        .map(|o| (edit_distance(name, o.as_bytes()), *o))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d);
    match near {
        Some((_, option)) => format!("unknown option (did you mean {option}?)"),
        None => "unknown option (see `monetix-gate --help`)".to_owned(),
    }
}

/// Levenshtein distance (bytes), for suggestions.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = i;
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let here = (diag + usize::from(ca != cb))
                .min(up.saturating_add(1))
                .min(left.saturating_add(1));
            diag = up;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = here;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Parses the value of `--max-body-bytes`: a decimal number of bytes from 1
/// to [`MAX_MAX_BODY_BYTES`]. The value is not echoed in the message.
fn parse_max_body_bytes(value: &OsStr) -> Result<u64, Failure> {
    value
        .to_str()
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|n| (1..=MAX_MAX_BODY_BYTES).contains(n))
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--max-body-bytes needs a whole number of bytes from 1 to {MAX_MAX_BODY_BYTES}"
            ))
        })
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Invocation, Failure> {
    let args: Vec<OsString> = args.into_iter().collect();
    // Refuse a secret anywhere (even after `--`) before anything else, so
    // that no later error message can echo it.
    if args.iter().any(|a| is_secret_option(a)) {
        return Err(Failure::Usage(SECRET_ON_COMMAND_LINE.to_owned()));
    }

    let mut command: Option<Command> = None;
    // `payout` or `batch`, waiting for its method.
    let mut needs_method: Option<MethodCommand> = None;
    let mut saw_payout = false;
    let mut values: Vec<(Flag, OsString)> = Vec::new();
    let mut help = false;
    let mut version = false;
    let mut positionals: Vec<OsString> = Vec::new();
    let mut flags: Vec<Flag> = Vec::new();
    let mut secret_file: Option<PathBuf> = None;
    let mut max_body_bytes: Option<u64> = None;
    let mut only_positionals = false;

    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let text = arg.to_str();
        if only_positionals || arg == "-" || !arg.as_encoded_bytes().starts_with(b"-") {
            // The first positional names the command (or `help`); for
            // `payout` the second names the method.
            if command.is_none() && !saw_payout && !help {
                let name = text.unwrap_or("");
                if name == "help" {
                    help = true;
                    continue;
                }
                match Command::from_name(name) {
                    Some(Named::Command(c)) => command = Some(c),
                    Some(Named::NeedsMethod(make)) => {
                        saw_payout = true;
                        let name = match name {
                            "batch" => "batch",
                            "banks" => "banks",
                            _ => "payout",
                        };
                        needs_method = Some((make, name));
                    }
                    None => {
                        // Not echoed: it may be a secret typed in the wrong place.
                        return Err(Failure::Usage(format!(
                            "unknown command: the first argument is not a command{}",
                            renamed(name)
                        )));
                    }
                }
                continue;
            }
            if saw_payout && command.is_none() {
                let method = text
                    .and_then(Method::from_name)
                    .ok_or_else(unknown_method)?;
                command = needs_method.map(|(make, _)| make(method));
                continue;
            }
            positionals.push(arg);
            continue;
        }
        match text {
            Some("--") => only_positionals = true,
            Some("-h" | "--help") => help = true,
            Some("-V" | "--version") => version = true,
            Some("--secret-file") => {
                let path = it
                    .next()
                    .ok_or_else(|| Failure::Usage("--secret-file needs a PATH".to_owned()))?;
                set_secret_file(&mut secret_file, path)?;
                flags.push(Flag::SecretFile);
            }
            Some(s) if s.starts_with("--secret-file=") => {
                let path = s.trim_start_matches("--secret-file=");
                set_secret_file(&mut secret_file, OsString::from(path))?;
                flags.push(Flag::SecretFile);
            }
            Some("--max-body-bytes") => {
                let value = it.next().ok_or_else(|| {
                    Failure::Usage("--max-body-bytes needs a number of bytes".to_owned())
                })?;
                max_body_bytes = Some(parse_max_body_bytes(&value)?);
                flags.push(Flag::MaxBodyBytes);
            }
            Some(s) if s.starts_with("--max-body-bytes=") => {
                let value = OsStr::new(s.trim_start_matches("--max-body-bytes="));
                max_body_bytes = Some(parse_max_body_bytes(value)?);
                flags.push(Flag::MaxBodyBytes);
            }
            Some(
                name @ ("--listen" | "--callback-url" | "--time-scale" | "--max-attempts" | "--log"
                | "--out-dir" | "--payout" | "--method"),
            ) => {
                let flag = value_flag(name);
                let value = it
                    .next()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))?;
                values.push((flag, value));
                flags.push(flag);
            }
            Some(s)
                if s.split_once('=').is_some_and(|(name, _)| {
                    matches!(
                        name,
                        "--listen"
                            | "--callback-url"
                            | "--time-scale"
                            | "--max-attempts"
                            | "--log"
                            | "--out-dir"
                            | "--payout"
                            | "--method"
                    )
                }) =>
            {
                let (name, value) = s.split_once('=').unwrap_or((s, ""));
                let flag = value_flag(name);
                if value.is_empty() {
                    return Err(Failure::Usage(format!("{name} needs a value")));
                }
                values.push((flag, OsString::from(value)));
                flags.push(flag);
            }
            Some("--listen-beyond-loopback") => flags.push(Flag::ListenBeyondLoopback),
            Some("--allow-non-loopback-callbacks") => flags.push(Flag::AllowNonLoopbackCallbacks),
            Some("--decimal-amounts") => flags.push(Flag::DecimalAmounts),
            Some("--allow-suspicious-secret") => flags.push(Flag::AllowSuspiciousSecret),
            Some("--allow-ambiguous") => flags.push(Flag::AllowAmbiguous),
            Some("--strict") => flags.push(Flag::Strict),
            Some("--endpoint") => flags.push(Flag::Endpoint),
            Some("--allow-unlisted-bank") => flags.push(Flag::AllowUnlistedBank),
            _ => return Err(Failure::Usage(unknown_option(&arg))),
        }
    }

    if help {
        // `help sign`, `sign --help`, `help` alone.
        let topic = match (command, positionals.first().and_then(|p| p.to_str())) {
            (Some(c), _) => Some(c.name()),
            (None, _) if saw_payout => needs_method.map(|(_, name)| name),
            (None, Some(name)) => match Command::from_name(name) {
                Some(Named::Command(c)) => Some(c.name()),
                Some(Named::NeedsMethod(_)) => {
                    Some(if name == "batch" { "batch" } else { "payout" })
                }
                None => {
                    return Err(Failure::Usage(format!(
                        "no help for an unknown command{}",
                        renamed(name)
                    )))
                }
            },
            (None, None) if !positionals.is_empty() => {
                return Err(Failure::Usage(
                    "no help for an unknown command (see `monetix-gate --help`)".to_owned(),
                ))
            }
            (None, None) => None,
        };
        return Ok(Invocation::Help(topic));
    }
    if version {
        return Ok(Invocation::Version);
    }
    let command = match command {
        Some(c) => c,
        None if saw_payout => {
            let name = needs_method.map_or("payout", |(_, name)| name);
            return Err(Failure::Usage(format!(
                "{name} needs a method: `monetix-gate {name} cambodia|colombia [FILE]`"
            )));
        }
        None => {
            return Err(Failure::Usage(
                "no command given (see `monetix-gate --help`)".to_owned(),
            ))
        }
    };

    for &flag in &flags {
        if !command.allows(flag) {
            return Err(Failure::Usage(format!(
                "option {} does not apply to `{}`",
                flag.name(),
                command.name()
            )));
        }
    }
    for (i, &flag) in flags.iter().enumerate() {
        // A repeated switch is harmless but almost always a mistake in a
        // script (for --max-body-bytes: which one counts?); `--secret-file`
        // twice is refused while parsing.
        if flag != Flag::SecretFile && flags.get(..i).is_some_and(|seen| seen.contains(&flag)) {
            return Err(Failure::Usage(format!(
                "option {} is given more than once",
                flag.name()
            )));
        }
    }
    if !command.takes_file() && !positionals.is_empty() {
        // Not echoed: a stray argument may be a secret typed by mistake.
        return Err(Failure::Usage(format!(
            "too many arguments: `{}` takes no FILE",
            command.name()
        )));
    }
    if positionals.len() > 1 {
        // Not echoed: a stray argument may be a secret typed by mistake.
        return Err(Failure::Usage(format!(
            "too many arguments: `{}` takes at most one FILE",
            command.name()
        )));
    }
    let file = positionals.pop().filter(|p| p != "-").map(PathBuf::from);
    let value = |flag: Flag| {
        values
            .iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| v.clone())
    };
    let text = |flag: Flag| -> Result<Option<String>, Failure> {
        value(flag)
            .map(|v| {
                v.into_string()
                    .map_err(|_| Failure::Usage(format!("{} needs a value in UTF-8", flag.name())))
            })
            .transpose()
    };

    let payout = value(Flag::Payout).map(PathBuf::from);
    if payout.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        return Err(Failure::Usage(
            "--payout needs a file: standard input is for the callback".to_owned(),
        ));
    }
    let method = match value(Flag::Method) {
        Some(_) if payout.is_none() => {
            return Err(Failure::Usage(
                "--method applies to the --payout file: give --payout REQUEST.json".to_owned(),
            ))
        }
        // Not echoed: an unknown value is described, never printed.
        Some(name) => Some(
            name.to_str()
                .and_then(Method::from_name)
                .ok_or_else(unknown_method)?,
        ),
        None => None,
    };

    Ok(Invocation::Run(Box::new(Args {
        command,
        file,
        secret_file,
        allow_suspicious_secret: flags.contains(&Flag::AllowSuspiciousSecret),
        allow_ambiguous: flags.contains(&Flag::AllowAmbiguous),
        max_body_bytes: max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
        strict: flags.contains(&Flag::Strict),
        endpoint: flags.contains(&Flag::Endpoint),
        allow_unlisted_bank: flags.contains(&Flag::AllowUnlistedBank),
        max_body_bytes_given: max_body_bytes.is_some(),
        listen: text(Flag::Listen)?,
        listen_beyond_loopback: flags.contains(&Flag::ListenBeyondLoopback),
        callback_url: text(Flag::CallbackUrl)?,
        allow_non_loopback_callbacks: flags.contains(&Flag::AllowNonLoopbackCallbacks),
        time_scale: text(Flag::TimeScale)?,
        max_attempts: text(Flag::MaxAttempts)?,
        log: value(Flag::Log).map(PathBuf::from),
        out_dir: value(Flag::OutDir).map(PathBuf::from),
        decimal_amounts: flags.contains(&Flag::DecimalAmounts),
        payout,
        method,
    })))
}

/// The message for an unknown payout method (the value is not echoed).
fn unknown_method() -> Failure {
    let names: Vec<String> = Method::ALL.iter().map(|m| format!("`{m}`")).collect();
    Failure::Usage(format!(
        "unknown payout method: expected {}",
        names.join(" or ")
    ))
}

/// The end of the message for an unknown command: the new name of a
/// command that was renamed (a fixed word, so nothing typed is echoed), else
/// where to look.
fn renamed(name: &str) -> &'static str {
    match name {
        "response" => ": `response` is now `acknowledgement`",
        _ => " (see `monetix-gate --help`)",
    }
}

/// The flag of an option that takes a value.
fn value_flag(name: &str) -> Flag {
    match name {
        "--listen" => Flag::Listen,
        "--callback-url" => Flag::CallbackUrl,
        "--time-scale" => Flag::TimeScale,
        "--max-attempts" => Flag::MaxAttempts,
        "--log" => Flag::Log,
        "--payout" => Flag::Payout,
        "--method" => Flag::Method,
        _ => Flag::OutDir,
    }
}

fn set_secret_file(slot: &mut Option<PathBuf>, path: OsString) -> Result<(), Failure> {
    if slot.is_some() {
        return Err(Failure::Usage(
            "--secret-file is given more than once".to_owned(),
        ));
    }
    if path.is_empty() {
        return Err(Failure::Usage(
            "--secret-file needs a non-empty PATH".to_owned(),
        ));
    }
    *slot = Some(PathBuf::from(path));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Invocation, Failure> {
        parse(args.iter().map(OsString::from))
    }

    fn ok(args: &[&str]) -> Args {
        match run(args) {
            Ok(Invocation::Run(a)) => *a,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn usage(args: &[&str]) -> String {
        match run(args) {
            Err(Failure::Usage(m)) => m,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn commands_and_files() {
        let a = ok(&["sign", "body.json"]);
        assert_eq!(a.command, Command::Sign);
        assert_eq!(a.file, Some(PathBuf::from("body.json")));
        assert_eq!(ok(&["canonical"]).file, None);
        assert_eq!(ok(&["canonical", "-"]).file, None);
        assert_eq!(
            ok(&["canonical", "--", "-x"]).file,
            Some(PathBuf::from("-x"))
        );
        let a = ok(&["--strict", "verify", "--secret-file", "s.txt", "cb.json"]);
        assert!(a.strict);
        assert_eq!(a.secret_file, Some(PathBuf::from("s.txt")));
        let a = ok(&["verify", "--secret-file=s.txt"]);
        assert_eq!(a.secret_file, Some(PathBuf::from("s.txt")));
        let a = ok(&["payout", "colombia", "--allow-unlisted-bank", "f.json"]);
        assert_eq!(a.command, Command::Payout(Method::Colombia));
        assert!(a.allow_unlisted_bank);
    }

    #[test]
    fn secret_on_the_command_line_is_refused_without_echo() {
        for args in [
            &["sign", "--secret", "hunter2"][..],
            &["sign", "--secret=hunter2"],
            &["--secret-key=hunter2", "sign"],
            &["nonsense", "--", "--secret=hunter2"],
        ] {
            let m = usage(args);
            assert_eq!(m, SECRET_ON_COMMAND_LINE);
            assert!(!m.contains("hunter2"));
        }
    }

    #[test]
    fn unknown_option_value_is_not_echoed() {
        let m = usage(&["sign", "--key=hunter2"]);
        assert_eq!(m, "unknown option (see `monetix-gate --help`)");
        let m = usage(&["sign", "a.json", "hunter2"]);
        assert!(!m.contains("hunter2"), "{m}");
        for args in [
            &["hunter2", "sign"][..],
            &["payout", "hunter2"],
            &["help", "hunter2"],
            &["sign", "--hunter2"],
            &["sign", "-hunter2"],
            &["sign", "--max-body-bytes", "hunter2"],
        ] {
            let m = usage(args);
            assert!(!m.contains("hunter2"), "{args:?}: {m}");
        }
    }

    #[test]
    fn near_misses_get_a_suggestion() {
        assert_eq!(
            usage(&["verify", "--strictt"]),
            "unknown option (did you mean --strict?)"
        );
        assert_eq!(
            usage(&["sign", "--allow-ambigous=1"]),
            "unknown option (did you mean --allow-ambiguous?)"
        );
        assert_eq!(
            usage(&["sign", "--max-body-byte", "5"]),
            "unknown option (did you mean --max-body-bytes?)"
        );
        assert_eq!(edit_distance(b"abc", b"abc"), 0);
        assert_eq!(edit_distance(b"", b"ab"), 2);
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
    }

    #[test]
    fn ambiguity_and_body_limit_options() {
        for cmd in [
            &["sign"][..],
            &["sign-body"],
            &["sign-as-platform"],
            &["verify"],
            &["payout", "cambodia"],
            &["status"],
            &["callback"],
        ] {
            let mut args = cmd.to_vec();
            args.push("--allow-ambiguous");
            assert!(ok(&args).allow_ambiguous, "{args:?}");
            assert!(!ok(cmd).allow_ambiguous, "{cmd:?}");
        }
        assert_eq!(
            usage(&["canonical", "--allow-ambiguous"]),
            "option --allow-ambiguous does not apply to `canonical`"
        );
        assert_eq!(
            usage(&["acknowledgement", "--allow-ambiguous"]),
            "option --allow-ambiguous does not apply to `acknowledgement`"
        );
        assert_eq!(ok(&["canonical"]).max_body_bytes, 16 * 1024 * 1024);
        assert_eq!(
            ok(&["acknowledgement", "--max-body-bytes", "1"]).max_body_bytes,
            1
        );
        assert_eq!(
            ok(&["--max-body-bytes=4294967295", "sign"]).max_body_bytes,
            4_294_967_295
        );
        for bad in ["0", "", "4294967296", "+5", " 5", "5k", "0x10"] {
            assert_eq!(
                usage(&["sign", "--max-body-bytes", bad]),
                "--max-body-bytes needs a whole number of bytes from 1 to 4294967295",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn misuse() {
        usage(&[]);
        usage(&["frobnicate"]);
        usage(&["payout"]);
        usage(&["payout", "peru"]);
        usage(&["sign", "--strict"]);
        usage(&["canonical", "--secret-file", "s"]);
        usage(&["sign", "--secret-file"]);
        usage(&["sign", "--secret-file", "a", "--secret-file", "b"]);
        usage(&["verify", "--strict", "--strict"]);
        usage(&["acknowledgement", "--allow-suspicious-secret"]);
    }

    #[test]
    fn the_old_name_of_acknowledgement_is_refused_with_the_new_one() {
        assert_eq!(
            usage(&["response", "r.json"]),
            "unknown command: the first argument is not a command: \
             `response` is now `acknowledgement`"
        );
        assert_eq!(
            usage(&["help", "response"]),
            "no help for an unknown command: `response` is now `acknowledgement`"
        );
        assert_eq!(ok(&["acknowledgement"]).command, Command::Acknowledgement);
        assert_eq!(ok(&["sign-as-platform"]).command, Command::SignAsPlatform);
    }

    #[test]
    fn payout_and_method_options() {
        let a = ok(&["callback", "--payout", "req.json", "cb.json"]);
        assert_eq!(a.payout, Some(PathBuf::from("req.json")));
        assert_eq!(a.file, Some(PathBuf::from("cb.json")));
        assert_eq!(a.method, None);
        let a = ok(&["callback", "--method=colombia", "--payout=req.json"]);
        assert_eq!(a.method, Some(Method::Colombia));
        assert_eq!(ok(&["callback"]).payout, None);
        assert_eq!(
            usage(&["callback", "--method", "cambodia"]),
            "--method applies to the --payout file: give --payout REQUEST.json"
        );
        assert_eq!(
            usage(&["callback", "--payout", "r.json", "--method", "hunter2"]),
            "unknown payout method: expected `cambodia` or `colombia`"
        );
        assert_eq!(
            usage(&["callback", "--payout", "-"]),
            "--payout needs a file: standard input is for the callback"
        );
        assert_eq!(
            usage(&["verify", "--payout", "r.json"]),
            "option --payout does not apply to `verify`"
        );
        assert_eq!(
            usage(&["callback", "--payout", "a", "--payout", "b"]),
            "option --payout is given more than once"
        );
        assert_eq!(usage(&["callback", "--payout"]), "--payout needs a value");
    }

    #[test]
    fn help() {
        assert!(matches!(run(&["--help"]), Ok(Invocation::Help(None))));
        assert!(matches!(run(&["help"]), Ok(Invocation::Help(None))));
        assert!(matches!(
            run(&["help", "sign"]),
            Ok(Invocation::Help(Some("sign")))
        ));
        assert!(matches!(
            run(&["verify", "-h"]),
            Ok(Invocation::Help(Some("verify")))
        ));
        assert!(matches!(
            run(&["payout", "--help"]),
            Ok(Invocation::Help(Some("payout")))
        ));
        assert!(matches!(run(&["-V"]), Ok(Invocation::Version)));
    }
}
