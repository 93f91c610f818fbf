//! Rebuilds the crate when an embedded template pack or data file changes
//! (`include_dir!` does not tell cargo about the files it embeds).

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=data");
}
