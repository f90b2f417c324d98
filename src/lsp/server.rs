//! The server: rust-analyzer's synchronous design on `lsp-server`. The main thread reads messages
//! and keeps the open texts; it never computes. A check thread re-checks a plan after a change,
//! always the newest text: changes that arrive while it works make the pending check of that plan
//! obsolete, so only the newest is run, and a result that a newer change overtook is dropped, not
//! published. Requests run on a small pool of threads, each waiting (without holding anything)
//! for the check of the text it was asked about; a newer change answers it with `ContentModified`,
//! a `$/cancelRequest` with `RequestCanceled`, so no request waits on another.

use super::analysis::{self, Analysis, Overlay};
use super::features;
use super::position;
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CompletionOptions, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, HoverProviderCapability,
    InitializeParams, OneOf, PositionEncodingKind, PublishDiagnosticsParams, RenameOptions,
    SemanticTokensFullOptions, SemanticTokensOptions, SemanticTokensServerCapabilities,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Threads that answer requests.
const WORKERS: usize = 4;

/// How long a request waits for its check before giving up.
const PATIENCE: Duration = Duration::from_secs(120);

/// An open document.
#[derive(Debug, Clone)]
struct Doc {
    uri: Uri,
    text: Arc<str>,
    version: i32,
}

#[derive(Debug, Default)]
struct State {
    /// Open documents by canonical path.
    docs: HashMap<PathBuf, Doc>,
    /// The entry plan of each file (canonical path), once known.
    entries: HashMap<PathBuf, PathBuf>,
    /// The generation of the newest change to each entry plan's files.
    wanted: HashMap<PathBuf, u64>,
    /// The newest finished check of each entry plan and its generation.
    analyses: HashMap<PathBuf, (u64, Arc<Analysis>)>,
    /// The files each entry plan's diagnostics were last published for.
    published: HashMap<PathBuf, Vec<Uri>>,
    /// Requests being worked on, and those of them the client cancelled.
    pending: HashSet<RequestId>,
    cancelled: HashSet<RequestId>,
    generation: u64,
    /// Set when the client is gone: waiting requests give up.
    closing: bool,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    sender: Sender<Message>,
    root: Option<PathBuf>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left the state as it was between two
        // statements; answering from it is better than stopping the server.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn send(&self, message: Message) {
        // The client is gone when this fails; the main loop ends on its own.
        let _ = self.sender.send(message);
    }

    fn respond(&self, response: Response) {
        {
            let mut state = self.lock();
            state.pending.remove(&response.id);
            state.cancelled.remove(&response.id);
        }
        self.send(Message::Response(response));
    }
}

/// Runs the language server on standard input and output until the client says `exit`.
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["{".into(), ".".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: features::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..SemanticTokensOptions::default()
            },
        )),
        ..ServerCapabilities::default()
    }
}

/// Serves one client on a connection: the handshake, then messages until `exit`.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    #[allow(deprecated)] // `root_uri` is what older clients send.
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| folder.uri.clone())
        .or(params.root_uri.clone())
        .and_then(|uri| position::path_of(&uri));
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "planc", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
        sender: connection.sender.clone(),
        root,
    });
    let (check_sender, check_receiver) = crossbeam_channel::unbounded::<PathBuf>();
    let (work_sender, work_receiver) = crossbeam_channel::unbounded::<Work>();
    let mut threads = Vec::new();
    {
        let shared = Arc::clone(&shared);
        threads.push(std::thread::spawn(move || {
            checker(&shared, &check_receiver)
        }));
    }
    for _ in 0..WORKERS {
        let shared = Arc::clone(&shared);
        let receiver = work_receiver.clone();
        threads.push(std::thread::spawn(move || {
            for work in receiver {
                work(&shared);
            }
        }));
    }
    let result = main_loop(connection, &shared, &check_sender, &work_sender);
    shared.lock().closing = true;
    drop(check_sender);
    drop(work_sender);
    shared.changed.notify_all();
    for thread in threads {
        let _ = thread.join();
    }
    result
}

type Work = Box<dyn FnOnce(&Shared) + Send>;

fn main_loop(
    connection: &Connection,
    shared: &Arc<Shared>,
    checks: &Sender<PathBuf>,
    work: &Sender<Work>,
) -> Result<(), String> {
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                shared.lock().pending.insert(request.id.clone());
                dispatch(shared, request, work);
            }
            Message::Notification(notification) => notify(shared, notification, checks),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn canonical(uri: &Uri) -> Option<PathBuf> {
    position::path_of(uri)
        .map(|path| crate::syntax::loader::FileSystem::canonical(&Overlay::default(), &path))
}

fn notify(shared: &Shared, notification: Notification, checks: &Sender<PathBuf>) {
    let changed = match notification.method.as_str() {
        note::DidOpenTextDocument::METHOD => {
            let Ok(params) =
                serde_json::from_value::<DidOpenTextDocumentParams>(notification.params)
            else {
                return;
            };
            let document = params.text_document;
            canonical(&document.uri).inspect(|path| {
                shared.lock().docs.insert(
                    path.clone(),
                    Doc {
                        uri: document.uri,
                        text: Arc::from(document.text),
                        version: document.version,
                    },
                );
            })
        }
        note::DidChangeTextDocument::METHOD => {
            let Ok(params) =
                serde_json::from_value::<DidChangeTextDocumentParams>(notification.params)
            else {
                return;
            };
            canonical(&params.text_document.uri).and_then(|path| {
                let mut state = shared.lock();
                let doc = state.docs.get_mut(&path)?;
                let mut text = doc.text.to_string();
                for change in params.content_changes {
                    text = position::apply_change(&text, change.range, &change.text);
                }
                doc.text = Arc::from(text);
                doc.version = params.text_document.version;
                Some(path)
            })
        }
        note::DidCloseTextDocument::METHOD => {
            let Ok(params) =
                serde_json::from_value::<DidCloseTextDocumentParams>(notification.params)
            else {
                return;
            };
            canonical(&params.text_document.uri).inspect(|path| {
                shared.lock().docs.remove(path);
            })
        }
        note::DidSaveTextDocument::METHOD => {
            serde_json::from_value::<DidSaveTextDocumentParams>(notification.params)
                .ok()
                .and_then(|params| canonical(&params.text_document.uri))
        }
        note::Cancel::METHOD => {
            if let Ok(params) =
                serde_json::from_value::<lsp_types::CancelParams>(notification.params)
            {
                let id: RequestId = match params.id {
                    lsp_types::NumberOrString::Number(n) => n.into(),
                    lsp_types::NumberOrString::String(s) => s.into(),
                };
                let mut state = shared.lock();
                if state.pending.contains(&id) {
                    state.cancelled.insert(id);
                }
                drop(state);
                shared.changed.notify_all();
            }
            None
        }
        _ => None,
    };
    if let Some(path) = changed {
        let entry = entry_of(shared, &path);
        let mut state = shared.lock();
        state.generation += 1;
        let generation = state.generation;
        state.wanted.insert(entry.clone(), generation);
        drop(state);
        let _ = checks.send(entry);
    }
}

/// The entry plan of a file: itself when it has a plan header, else the plan found to include it
/// (remembered), else itself.
fn entry_of(shared: &Shared, path: &Path) -> PathBuf {
    let (text, known, overlay) = {
        let state = shared.lock();
        let text = state.docs.get(path).map(|d| Arc::clone(&d.text));
        let known = state.entries.get(path).cloned();
        (text, known, overlay_of(&state))
    };
    let header = match &text {
        Some(text) => analysis::has_plan_header(text),
        None => std::fs::read_to_string(path).is_ok_and(|t| analysis::has_plan_header(&t)),
    };
    if header {
        return path.to_path_buf();
    }
    if let Some(entry) = known.filter(|entry| entry != path) {
        return entry;
    }
    let entry = analysis::find_entry(path, shared.root.as_deref(), &overlay)
        .map(|entry| crate::syntax::loader::FileSystem::canonical(&overlay, &entry))
        .unwrap_or_else(|| path.to_path_buf());
    shared
        .lock()
        .entries
        .insert(path.to_path_buf(), entry.clone());
    entry
}

fn overlay_of(state: &State) -> Overlay {
    Overlay {
        texts: state
            .docs
            .iter()
            .map(|(path, doc)| (path.clone(), Arc::clone(&doc.text)))
            .collect(),
    }
}

/// The check thread: re-checks entry plans, newest text only.
fn checker(shared: &Shared, receiver: &Receiver<PathBuf>) {
    while let Ok(first) = receiver.recv() {
        // Everything queued meanwhile is checked once, in the order first asked for.
        let mut entries = vec![first];
        for more in receiver.try_iter() {
            if !entries.contains(&more) {
                entries.push(more);
            }
        }
        for entry in entries {
            let (generation, overlay, open) = {
                let state = shared.lock();
                let generation = state.wanted.get(&entry).copied().unwrap_or(0);
                if state
                    .analyses
                    .get(&entry)
                    .is_some_and(|(done, _)| *done >= generation)
                {
                    continue;
                }
                let open: HashMap<PathBuf, (Uri, i32)> = state
                    .docs
                    .iter()
                    .map(|(path, doc)| (path.clone(), (doc.uri.clone(), doc.version)))
                    .collect();
                (generation, overlay_of(&state), open)
            };
            let analysis = Arc::new(analysis::analyze(&entry, &overlay, &open));
            let entry_uri = open
                .get(&entry)
                .map(|(uri, _)| uri.clone())
                .or_else(|| position::uri_of(&entry));
            let diagnostics = analysis.diagnostics(entry_uri.as_ref());
            let stale = {
                let mut state = shared.lock();
                if state.wanted.get(&entry).copied().unwrap_or(0) != generation {
                    // A newer change overtook this check: its result is dropped, and the newer
                    // check is already queued.
                    true
                } else {
                    for (_, path) in &analysis.paths {
                        state.entries.insert(path.clone(), entry.clone());
                    }
                    state
                        .analyses
                        .insert(entry.clone(), (generation, Arc::clone(&analysis)));
                    false
                }
            };
            shared.changed.notify_all();
            if stale {
                continue;
            }
            let uris: Vec<Uri> = diagnostics.iter().map(|(uri, _)| uri.clone()).collect();
            let previous = shared
                .lock()
                .published
                .insert(entry.clone(), uris.clone())
                .unwrap_or_default();
            for uri in previous.into_iter().filter(|uri| !uris.contains(uri)) {
                publish(shared, uri, Vec::new(), None);
            }
            for (uri, list) in diagnostics {
                let version =
                    canonical(&uri).and_then(|path| analysis.versions.get(&path).copied());
                publish(shared, uri, list, version);
            }
        }
    }
}

fn publish(
    shared: &Shared,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    shared.send(Message::Notification(Notification::new(
        note::PublishDiagnostics::METHOD.to_string(),
        params,
    )));
}

/// Where a request points: the document's canonical path and version, and the plan to wait for.
struct Target {
    path: PathBuf,
    version: Option<i32>,
    entry: PathBuf,
    generation: u64,
}

fn target_of(shared: &Shared, uri: &Uri) -> Option<Target> {
    let path = canonical(uri)?;
    let state = shared.lock();
    let version = state.docs.get(&path).map(|d| d.version);
    let entry = state
        .entries
        .get(&path)
        .cloned()
        .unwrap_or_else(|| path.clone());
    let generation = state.wanted.get(&entry).copied().unwrap_or(0);
    Some(Target {
        path,
        version,
        entry,
        generation,
    })
}

fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

/// Waits for the check of the text a request was asked about.
fn wait(shared: &Shared, id: &RequestId, target: &Target) -> Result<Arc<Analysis>, Box<Response>> {
    let started = Instant::now();
    let mut state = shared.lock();
    loop {
        if state.cancelled.contains(id) {
            return Err(Box::new(error(
                id.clone(),
                ErrorCode::RequestCanceled,
                "cancelled",
            )));
        }
        let newer = state.docs.get(&target.path).map(|d| d.version) != target.version
            || state.wanted.get(&target.entry).copied().unwrap_or(0) > target.generation;
        if newer {
            return Err(Box::new(error(
                id.clone(),
                ErrorCode::ContentModified,
                "the document changed; ask again",
            )));
        }
        if let Some((done, analysis)) = state.analyses.get(&target.entry)
            && *done >= target.generation
        {
            return Ok(Arc::clone(analysis));
        }
        if started.elapsed() > PATIENCE {
            return Err(Box::new(error(
                id.clone(),
                ErrorCode::ContentModified,
                "the plan is still being checked; ask again",
            )));
        }
        state = shared
            .changed
            .wait_timeout(state, Duration::from_millis(500))
            .map(|(guard, _)| guard)
            .unwrap_or_else(|poisoned| poisoned.into_inner().0);
    }
}

fn dispatch(shared: &Shared, request: Request, work: &Sender<Work>) {
    let Request { id, method, params } = request;
    macro_rules! on {
        ($kind:ty, $uri:expr, $answer:expr) => {{
            let parsed: Result<<$kind as req::Request>::Params, _> = serde_json::from_value(params);
            let Ok(parsed) = parsed else {
                shared.respond(error(id, ErrorCode::InvalidParams, "invalid parameters"));
                return;
            };
            #[allow(clippy::redundant_closure_call)]
            let uri: Uri = ($uri)(&parsed);
            let Some(target) = target_of(shared, &uri) else {
                shared.respond(Response::new_ok(id, serde_json::Value::Null));
                return;
            };
            let _ = work.send(Box::new(move |shared: &Shared| {
                let response = match wait(shared, &id, &target) {
                    Err(response) => *response,
                    Ok(analysis) => {
                        let file = analysis.file_id(&target.path);
                        match file {
                            None => Response::new_ok(id.clone(), serde_json::Value::Null),
                            Some(file) => {
                                #[allow(clippy::redundant_closure_call)]
                                let result: Result<
                                    serde_json::Value,
                                    String,
                                > = ($answer)(&analysis, file, parsed);
                                match result {
                                    Ok(value) => Response::new_ok(id.clone(), value),
                                    Err(message) => {
                                        error(id.clone(), ErrorCode::RequestFailed, message)
                                    }
                                }
                            }
                        }
                    }
                };
                shared.respond(response);
            }));
        }};
    }
    fn offset_of(
        analysis: &Analysis,
        file: crate::source::FileId,
        at: lsp_types::Position,
    ) -> usize {
        analysis
            .file(file)
            .map_or(0, |source| position::offset(source, at))
    }
    fn json<T: serde::Serialize>(value: T) -> Result<serde_json::Value, String> {
        serde_json::to_value(value).map_err(|e| e.to_string())
    }
    match method.as_str() {
        req::HoverRequest::METHOD => on!(
            req::HoverRequest,
            |p: &lsp_types::HoverParams| p.text_document_position_params.text_document.uri.clone(),
            |a: &Analysis, file, p: lsp_types::HoverParams| {
                let at = offset_of(a, file, p.text_document_position_params.position);
                json(features::hover(a, file, at))
            }
        ),
        req::GotoDefinition::METHOD => on!(
            req::GotoDefinition,
            |p: &lsp_types::GotoDefinitionParams| p
                .text_document_position_params
                .text_document
                .uri
                .clone(),
            |a: &Analysis, file, p: lsp_types::GotoDefinitionParams| {
                let at = offset_of(a, file, p.text_document_position_params.position);
                json(features::definition(a, file, at))
            }
        ),
        req::References::METHOD => on!(
            req::References,
            |p: &lsp_types::ReferenceParams| p.text_document_position.text_document.uri.clone(),
            |a: &Analysis, file, p: lsp_types::ReferenceParams| {
                let at = offset_of(a, file, p.text_document_position.position);
                json(features::references(
                    a,
                    file,
                    at,
                    p.context.include_declaration,
                ))
            }
        ),
        req::PrepareRenameRequest::METHOD => on!(
            req::PrepareRenameRequest,
            |p: &lsp_types::TextDocumentPositionParams| p.text_document.uri.clone(),
            |a: &Analysis, file, p: lsp_types::TextDocumentPositionParams| {
                let at = offset_of(a, file, p.position);
                match features::prepare_rename(a, file, at) {
                    Ok((range, placeholder)) => {
                        json(lsp_types::PrepareRenameResponse::RangeWithPlaceholder {
                            range,
                            placeholder,
                        })
                    }
                    Err(refusal) => Err(refusal.0),
                }
            }
        ),
        req::Rename::METHOD => on!(
            req::Rename,
            |p: &lsp_types::RenameParams| p.text_document_position.text_document.uri.clone(),
            |a: &Analysis, file, p: lsp_types::RenameParams| {
                let at = offset_of(a, file, p.text_document_position.position);
                features::rename(a, file, at, &p.new_name)
                    .map_err(|refusal| refusal.0)
                    .and_then(json)
            }
        ),
        req::Completion::METHOD => on!(
            req::Completion,
            |p: &lsp_types::CompletionParams| p.text_document_position.text_document.uri.clone(),
            |a: &Analysis, file, p: lsp_types::CompletionParams| {
                let at = offset_of(a, file, p.text_document_position.position);
                json(features::completion(a, file, at))
            }
        ),
        req::DocumentSymbolRequest::METHOD => on!(
            req::DocumentSymbolRequest,
            |p: &lsp_types::DocumentSymbolParams| p.text_document.uri.clone(),
            |a: &Analysis, file, _p: lsp_types::DocumentSymbolParams| {
                json(features::document_symbols(a, file))
            }
        ),
        req::SemanticTokensFullRequest::METHOD => on!(
            req::SemanticTokensFullRequest,
            |p: &lsp_types::SemanticTokensParams| p.text_document.uri.clone(),
            |a: &Analysis, file, _p: lsp_types::SemanticTokensParams| {
                json(lsp_types::SemanticTokens {
                    result_id: None,
                    data: features::semantic_tokens(a, file),
                })
            }
        ),
        req::FoldingRangeRequest::METHOD => on!(
            req::FoldingRangeRequest,
            |p: &lsp_types::FoldingRangeParams| p.text_document.uri.clone(),
            |a: &Analysis, file, _p: lsp_types::FoldingRangeParams| {
                json(features::folding_ranges(a, file))
            }
        ),
        req::Formatting::METHOD => {
            // Formatting reads only the text: no check to wait for.
            let Ok(parsed) = serde_json::from_value::<lsp_types::DocumentFormattingParams>(params)
            else {
                shared.respond(error(id, ErrorCode::InvalidParams, "invalid parameters"));
                return;
            };
            let text = canonical(&parsed.text_document.uri)
                .and_then(|path| shared.lock().docs.get(&path).map(|d| Arc::clone(&d.text)));
            let _ = work.send(Box::new(move |shared: &Shared| {
                let response = match text {
                    None => Response::new_ok(id, serde_json::Value::Null),
                    Some(text) => match features::formatting(&text) {
                        Ok(edits) => Response::new_ok(id, edits),
                        Err(refusal) => error(id, ErrorCode::RequestFailed, refusal.0),
                    },
                };
                shared.respond(response);
            }));
        }
        _ => shared.respond(error(
            id,
            ErrorCode::MethodNotFound,
            format!("planc lsp does not handle `{method}`"),
        )),
    }
}
