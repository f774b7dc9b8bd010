from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8012"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def login(page, user):
    page.goto(BASE + "/akun/masuk/" if False else BASE + "/")
    page.goto(BASE + "/impor/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", "Kolaka#Demo2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()


# Drives the journey in Chromium against a dev server on :8012 with a db_worker running:
#   upload → preview with errors → rejected rows download → commit → progress → result,
#   then the participant import and its reconciliation list (screenshots in /tmp/imports-shots).
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, "dinas")
    page.goto(BASE + "/impor/")
    page.screenshot(path="/tmp/imports-shots/01-index.png", full_page=True)
    page.set_input_files("#id_umkm_file", "/tmp/ui-umkm.xlsx")
    page.click("form[action$='/impor/umkm/unggah/'] button[type=submit]")
    page.wait_for_load_state()
    page.screenshot(path="/tmp/imports-shots/02-progress.png", full_page=True)
    print("job url", page.url)
    page.wait_for_selector("text=Pratinjau: belum ada yang disimpan", timeout=180000)
    page.screenshot(path="/tmp/imports-shots/03-preview.png", full_page=True)
    with page.expect_download() as info:
        page.click("text=Unduh baris ditolak")
    info.value.save_as("/tmp/imports-shots/rejected.xlsx")
    print("download", info.value.suggested_filename)
    page.click("text=/Simpan .* baris sah/")
    page.wait_for_load_state()
    page.screenshot(path="/tmp/imports-shots/04-commit-progress.png", full_page=True)
    page.wait_for_selector("text=Hasil", timeout=180000)
    page.screenshot(path="/tmp/imports-shots/05-result.png", full_page=True)
    print("console errors", errors)
    ctx2 = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = ctx2.new_page()
    login(page, "bpjs")
    page.goto(BASE + "/impor/")
    page.set_input_files("#id_peserta_file", "/tmp/ui-peserta.csv")
    page.click("form[action$='/impor/peserta/unggah/'] button[type=submit]")
    page.wait_for_selector("text=Pratinjau: belum ada yang disimpan", timeout=180000)
    page.click("text=/Simpan .* baris sah/")
    page.wait_for_selector("text=Hasil", timeout=180000)
    page.click("text=/Rekonsiliasi/")
    page.wait_for_load_state()
    page.screenshot(path="/tmp/imports-shots/06-reconciliation.png", full_page=True)
    browser.close()
