//! Rebuilds the crate when an embedded template pack or data file changes
//! (`include_dir!` does not tell cargo about the files it embeds), and links the binary as
//! a position-dependent executable: a position-independent one has the loader apply some
//! 100,000 relocations to typst's tables at every start, a tenth of a `yujuesuan validate`.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=data");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
