import type { Page } from 'playwright-core';

/** Console errors, uncaught exceptions and requests that left the machine, collected from a page. */
export function watchPage(page: Page): { errors: string[]; externalRequests: string[] } {
  const errors: string[] = [];
  const externalRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!/^(file:|data:|http:\/\/127\.0\.0\.1[:/]|http:\/\/localhost[:/])/.test(url)) externalRequests.push(url);
  });
  return { errors, externalRequests };
}

/** Every plot container: its id, and either its ECharts series count and canvas size, or its note. */
export interface PlotState {
  readonly id: string;
  readonly series: number;
  readonly width: number;
  readonly height: number;
  readonly note: string | null;
}

export function plotStates(page: Page): Promise<PlotState[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.tk-grid [data-plot]')).map((element) => {
      const echarts = (window as unknown as { echarts: { getInstanceByDom(el: HTMLElement): { getOption(): { series?: unknown[] } } | undefined } }).echarts;
      const chart = echarts.getInstanceByDom(element);
      const canvas = element.querySelector('canvas');
      const box = canvas?.getBoundingClientRect();
      return {
        id: element.dataset.plot ?? '',
        series: chart?.getOption().series?.length ?? 0,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        note: chart === undefined ? element.textContent : null,
      };
    }),
  );
}

/** Whether the canvas of a plot has any non-blank pixel (something was really drawn). */
export function canvasHasInk(page: Page, plotId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-plot="${id}"] canvas`);
    if (canvas === null) return false;
    const context = canvas.getContext('2d');
    if (context === null) return false;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) return true;
    return false;
  }, plotId);
}
