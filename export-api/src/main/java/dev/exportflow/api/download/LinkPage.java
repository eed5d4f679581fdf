package dev.exportflow.api.download;

/** The small page a browser shows for a download link that cannot be honoured. */
final class LinkPage {

    private LinkPage() {
    }

    static String render(LinkRefusedException refused) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%1$s · ExportFlow</title>
                  <style>
                    body { font-family: system-ui, sans-serif; background: #f6f7f9; color: #1d2430; margin: 0; }
                    main { max-width: 32rem; margin: 12vh auto; background: #fff; padding: 2rem 2.5rem; border-radius: 12px;
                           box-shadow: 0 1px 4px rgba(0,0,0,.08); }
                    h1 { font-size: 1.3rem; margin-top: 0; }
                    a { color: #2456d3; }
                    .code { color: #6b7280; font-size: .85rem; }
                  </style>
                </head>
                <body>
                  <main>
                    <h1>%1$s</h1>
                    <p>%2$s</p>
                    <p><a href="/">Open ExportFlow</a></p>
                    <p class="code">HTTP %3$d</p>
                  </main>
                </body>
                </html>
                """.formatted(escape(refused.title()), escape(refused.detail()), refused.status());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
