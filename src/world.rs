//! The Typst world of one report: the format's Typst templates, the data files of the
//! layout stage, and the fonts, all served from memory.

use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::diagnostics::DiagnosticWorld;
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;

use crate::format::Pack;
use crate::layout::DataFiles;

/// Serves `/data/…` from the layout's files and everything else from the pack's `typst/`.
struct Files {
    pack: Pack,
    data: DataFiles,
}

impl FileLoader for Files {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some("报告模板不能使用 Typst 包".into())));
        }
        let path = id.vpath().get_with_slash();
        if let Some(data) = self.data.get(path) {
            return Ok(Bytes::new(data.clone()));
        }
        match self.pack.read(&format!("typst{path}")) {
            Ok(Some(bytes)) => Ok(Bytes::new(bytes)),
            Ok(None) => Err(FileError::NotFound(path.trim_start_matches('/').into())),
            Err(error) => Err(FileError::Other(Some(error.to_string().into()))),
        }
    }
}

/// The world a report compiles in.
pub struct ReportWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontStore>,
    files: FileStore<Files>,
    main: FileId,
    today: Datetime,
}

impl ReportWorld {
    /// A world for the templates of `pack` over `data`, with shared `fonts`.
    pub fn new(pack: Pack, data: DataFiles, fonts: Arc<FontStore>, today: Datetime) -> ReportWorld {
        let main = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("/main.typ").expect("a valid path"),
        )
        .intern();
        ReportWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            files: FileStore::new(Files { pack, data }),
            main,
            today,
        }
    }

    /// Replaces the templates, data files and date, keeping what typst parsed and laid out
    /// before: files whose bytes did not change are not laid out again.
    pub fn update(&mut self, pack: Pack, data: DataFiles, today: Datetime) {
        let loader = self.files.loader_mut();
        loader.pack = pack;
        loader.data = data;
        self.today = today;
        self.files.reset();
    }

    /// Whether the world serves exactly these data files and this date.
    pub fn serves(&self, data: &DataFiles, today: Datetime) -> bool {
        self.files.loader().data == *data && self.today == today
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

impl DiagnosticWorld for ReportWorld {
    fn name(&self, id: FileId) -> String {
        let rel = format!("typst{}", id.vpath().get_with_slash());
        self.files.loader().pack.origin(&rel)
    }
}
