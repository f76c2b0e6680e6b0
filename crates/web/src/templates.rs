//! The minijinja environment: templates embedded in release builds, read from
//! disk in debug builds, every one compiled at start-up so a broken one fails fast.

use minijinja::{Environment, Value};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../../templates/"]
struct TemplateFiles;

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn load() -> Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_loader(|name| {
            Ok(TemplateFiles::get(name)
                .map(|file| String::from_utf8_lossy(&file.data).into_owned()))
        });
        for name in TemplateFiles::iter() {
            env.get_template(&name)?;
        }
        Ok(Self { env })
    }

    pub fn render(&self, name: &str, context: Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_html_is_escaped() {
        let templates = Templates::load().expect("templates compile");
        let html = templates
            .render(
                "error.html",
                minijinja::context! { status => 404, title => "<script>x</script>", message => "m" },
            )
            .expect("renders");
        assert!(html.contains("&lt;script&gt;x"));
        assert!(!html.contains("<script>x</script>"));
    }
}
