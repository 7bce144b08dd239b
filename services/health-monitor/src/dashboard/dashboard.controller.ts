// HTTP face of the dashboard: the page and its files, the starting state, the live stream
// and diagnostics bundles. Read-only for every scope: `read` sees all of it, and no scope
// can change anything here. Data routes take ?access_token= because EventSource and links
// cannot send an Authorization header; the static files carry no data and stay open so
// the page can load them without a token in their URLs.
import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DeploymentIdSchema, ValidationError, validate, type DiagnosticsBundle } from '@cutover/contracts';
import { OpenRoute, RequireScope, ScopeGuard } from '@cutover/service-kit';
import { DashboardAssets, type Asset } from './assets';
import { DASHBOARD_STATE } from './dashboard.constants';
import { DashboardStreams } from './dashboard-streams';
import { DashboardAssetMissingError, DiagnosticsNotFoundError } from './errors';
import type { StateReader } from './state-reader';
import type { DashboardView } from './view-model';

// The page runs only its own files: no inline script, nothing from elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

@Controller()
@UseGuards(ScopeGuard)
@RequireScope('read', { queryToken: true })
export class DashboardController {
  constructor(
    private readonly assets: DashboardAssets,
    private readonly streams: DashboardStreams,
    @Inject(DASHBOARD_STATE) private readonly state: StateReader,
  ) {}

  @Get(['', 'dashboard'])
  page(@Res() res: ServerResponse): void {
    this.serve(res, 'index.html');
  }

  @Get('dashboard/assets/:file')
  @OpenRoute()
  asset(@Param('file') file: string, @Res() res: ServerResponse): void {
    this.serve(res, file);
  }

  @Get('dashboard/api/state')
  view(): Promise<DashboardView> {
    return this.state.view();
  }

  @Get('dashboard/api/events')
  events(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    this.streams.attach(req, res);
  }

  @Get('dashboard/api/diagnostics/:id')
  async diagnostics(@Param('id') id: string): Promise<DiagnosticsBundle> {
    try {
      validate(DeploymentIdSchema, id, 'deployment id');
    } catch (err) {
      if (err instanceof ValidationError) throw new BadRequestException({ error: err.code, message: err.message });
      throw err;
    }
    const bundle = await this.state.diagnostics(id);
    if (!bundle) {
      const err = new DiagnosticsNotFoundError(id);
      throw new NotFoundException({ error: err.code, message: err.message });
    }
    return bundle;
  }

  private serve(res: ServerResponse, name: string): void {
    let asset: Asset;
    try {
      asset = this.assets.get(name);
    } catch (err) {
      if (err instanceof DashboardAssetMissingError) throw new NotFoundException({ error: err.code, message: err.message });
      throw err;
    }
    res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
    res.end(asset.body);
  }
}
