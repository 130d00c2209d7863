import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { asOpenApiDocument, operationsOf } from './support/openapi';
import { ensureChromium } from './support/chromium';
import { listenOnLoopback, startTestApp } from './support/test-app';

/** Where the screenshot is kept (git-ignored), printed by the test. */
const OUTPUT_DIR = join(__dirname, '..', '.data', 'test-output');
const INSTALL_TIMEOUT_MS = 600_000;

describe('Swagger UI at /docs in a real browser (headless Chromium)', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = ensureChromium();
    app = await startTestApp();
    baseUrl = await listenOnLoopback(app);
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    // A CSP that blocks the UI's own scripts or styles shows up here first.
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
    page.on('pageerror', (error) => browserErrors.push(error.message));
    await page.goto(`${baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders every operation of the document, each under its method and path', async () => {
    const document = asOpenApiDocument(await (await fetch(`${baseUrl}/docs/openapi.json`)).json());
    const expected = [...operationsOf(document).keys()].toSorted();
    const rendered = await page
      .locator('.opblock')
      .evaluateAll((blocks) =>
        blocks.map(
          (block) =>
            `${block.querySelector('.opblock-summary-method')?.textContent ?? '?'} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?'}`,
        ),
      );
    // An operation under two tags (favorites are articles too) renders in both sections.
    expect([...new Set(rendered)].toSorted()).toEqual(expected);
    expect(browserErrors).toEqual([]);
  });

  it('"Try it out" on GET /api/tags calls the API and shows its answer', async () => {
    const operation = page.locator('#operations-Tags-GetTags');
    await operation.locator('.opblock-summary').click();
    await operation.locator('.try-out__btn').click();
    await operation.locator('.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.first().waitFor({ timeout: 10_000 });
    expect((await status.first().textContent())?.trim()).toBe('200');
    const body = await operation
      .locator('.live-responses-table .response-col_description pre')
      .first()
      .textContent();
    expect(JSON.parse(body ?? 'null')).toEqual({ tags: expect.any(Array) });
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const screenshot = join(OUTPUT_DIR, 'swagger-ui.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`Swagger UI screenshot: ${screenshot}`);
    expect(browserErrors).toEqual([]);
  });
});
