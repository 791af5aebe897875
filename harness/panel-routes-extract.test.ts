import { describe, expect, it } from 'vitest';
import { extractApiRoutes, renderRoutesYaml, routeFilePrefixes, routesOfFile } from './panel-routes-extract.ts';
import { parse } from 'yaml';

// Small route files in the v0.7 layout; the real extraction reads the panel's own (scripts/panel-routes.ts).
const PROVIDER = `<?php
    public function map()
    {
        Route::middleware(['web', 'auth', 'csrf'])
             ->namespace($this->namespace . '\\Base')
             ->group(base_path('routes/base.php'));

        Route::middleware(['api'])->prefix('/api/application')
            ->namespace($this->namespace . '\\Api\\Application')
            ->group(base_path('routes/api-application.php'));

        Route::middleware(['client-api'])->prefix('/api/client')
            ->namespace($this->namespace . '\\Api\\Client')
            ->group(base_path('routes/api-client.php'));
    }
`;
const APPLICATION = `<?php
Route::group(['prefix' => '/users'], function () {
    Route::get('/', 'Users\\UserController@index')->name('api.application.users');
    Route::delete('/{user}/{force?}', 'Users\\UserController@delete');

    Route::group(['prefix' => '/{user}/keys'], function () {
        Route::post('/', 'Users\\KeyController@store');
    });
});
Route::get('/top', 'TopController@index');
`;
const CLIENT = `<?php
use X\\AuthenticateClientAccess;
Route::get('/', 'ClientController@index')->name('api.client.index');
Route::group(['prefix' => '/servers/{server}', 'middleware' => [AuthenticateClientAccess::class]], function () {
    Route::get('/utilization', 'Servers\\ResourceUtilizationController@index')
        ->middleware(['throttle:15,1'])
        ->name('api.client.servers.resources');
});
`;
const files: Record<string, string> = {
  'app/Providers/RouteServiceProvider.php': PROVIDER,
  'routes/api-application.php': APPLICATION,
  'routes/api-client.php': CLIENT,
};

describe('extracting the API routes from the panel source', () => {
  it('reads the mount prefix of each route file', () => {
    expect(Object.fromEntries(routeFilePrefixes(PROVIDER))).toEqual({ 'base.php': '', 'api-application.php': '/api/application', 'api-client.php': '/api/client' });
  });

  it('nests group prefixes, keeps optional segments and cites each call by its line range', () => {
    const routes = extractApiRoutes((path) => files[path] ?? '', 'v0.7.19');
    expect(routes.map((r) => `${r.api} ${r.method} ${r.uri} ${r.action} ${r.source}`)).toEqual([
      'application GET /api/application/users Users\\UserController@index v0.7.19:routes/api-application.php#L3-L3',
      'application DELETE /api/application/users/{user}/{force?} Users\\UserController@delete v0.7.19:routes/api-application.php#L4-L4',
      'application POST /api/application/users/{user}/keys Users\\KeyController@store v0.7.19:routes/api-application.php#L7-L7',
      'application GET /api/application/top TopController@index v0.7.19:routes/api-application.php#L10-L10',
      'client GET /api/client ClientController@index v0.7.19:routes/api-client.php#L3-L3',
      'client GET /api/client/servers/{server}/utilization Servers\\ResourceUtilizationController@index v0.7.19:routes/api-client.php#L5-L7',
    ]);
  });

  it('refuses a route file whose groups do not balance, and a provider that does not mount it', () => {
    expect(() => routesOfFile("Route::group(['prefix' => '/x'], function () {\n", 'a.php', '', 't', 'application')).toThrow(/not closed/);
    expect(() => routesOfFile('});\n', 'a.php', '', 't', 'application')).toThrow(/outside any group/);
    expect(() => extractApiRoutes((path) => (path.endsWith('Provider.php') ? '' : (files[path] ?? '')), 't')).toThrow(/does not mount/);
  });

  it('reads the 1.x shapes: array actions, invokable controllers, chained groups, binding fields, chained calls', () => {
    const provider = `<?php
            Route::middleware(['api', RequireTwoFactorAuthentication::class])->group(function () {
                Route::middleware(['application-api', 'throttle:api.application'])
                    ->prefix('/api/application')
                    ->scopeBindings()
                    ->group(base_path('routes/api-application.php'));

                Route::middleware(['client-api', 'throttle:api.client'])
                    ->prefix('/api/client')
                    ->scopeBindings()
                    ->group(base_path('routes/api-client.php'));
            });
`;
    const application = `<?php
use Illuminate\\Support\\Facades\\Route;
Route::group(['prefix' => '/nodes'], function () {
    Route::get('/deployable', Application\\Nodes\\NodeDeploymentController::class);
    Route::group(['prefix' => '/{node:id}/allocations'], function () {
        Route::delete('/{allocation:id}', [Application\\Nodes\\AllocationController::class, 'delete'])->name('api.application.allocations.view');
    });
});
`;
    const client = `<?php
Route::get('/', [Client\\ClientController::class, 'index'])->name('api:client.index');
Route::prefix('/account')->middleware(AccountSubject::class)->group(function () {
    Route::prefix('/')->withoutMiddleware(RequireTwoFactorAuthentication::class)->group(function () {
        Route::get('/', [Client\\AccountController::class, 'index'])->name('api:client.account');
    });
    Route::get('/activity', Client\\ActivityLogController::class)->name('api:client.account.activity');
});
Route::group([
    'prefix' => '/servers/{server}',
    'middleware' => [
        ServerSubject::class,
    ],
], function () {
    Route::post('/pull', [Client\\Servers\\FileController::class, 'pull'])
        ->middleware(['throttle:10,5']);
});
`;
    const sources: Record<string, string> = { 'app/Providers/RouteServiceProvider.php': provider, 'routes/api-application.php': application, 'routes/api-client.php': client };
    const routes = extractApiRoutes((path) => sources[path] ?? '', 'v1.11.8');
    expect(routes.map((r) => `${r.api} ${r.method} ${r.uri} ${r.action} ${r.source}`)).toEqual([
      'application GET /api/application/nodes/deployable Application\\Nodes\\NodeDeploymentController@__invoke v1.11.8:routes/api-application.php#L4-L4',
      'application DELETE /api/application/nodes/{node:id}/allocations/{allocation:id} Application\\Nodes\\AllocationController@delete v1.11.8:routes/api-application.php#L6-L6',
      'client GET /api/client Client\\ClientController@index v1.11.8:routes/api-client.php#L2-L2',
      'client GET /api/client/account Client\\AccountController@index v1.11.8:routes/api-client.php#L5-L5',
      'client GET /api/client/account/activity Client\\ActivityLogController@__invoke v1.11.8:routes/api-client.php#L7-L7',
      'client POST /api/client/servers/{server}/pull Client\\Servers\\FileController@pull v1.11.8:routes/api-client.php#L15-L16',
    ]);
  });

  it('refuses a Route:: statement of a shape it does not understand, rather than drop its routes', () => {
    expect(() => routesOfFile("Route::match(['get', 'post'], '/x', 'A@b');\n", 'a.php', '', 't', 'application')).toThrow(/line|not understood/);
    expect(() => routesOfFile("Route::resource('photos', PhotoController::class);\n", 'a.php', '', 't', 'application')).toThrow(/not understood/);
    expect(() => routesOfFile("Route::get('/x', fn () => 1);\n", 'a.php', '', 't', 'application')).toThrow(/a.php:1: a Route:: statement/);
  });

  it('renders YAML that reads back as the same routes, after a header saying how it was made', () => {
    const routes = extractApiRoutes((path) => files[path] ?? '', 'v0.7.19');
    const text = renderRoutesYaml(routes, 'v0.7.19');
    expect(text).toMatch(/^# .*extracted from the panel's own\n# source by scripts\/panel-routes\.ts/);
    expect(parse(text)).toEqual({ tag: 'v0.7.19', routes });
  });
});
