// DI tokens of the dashboard.
export const DASHBOARD_FEED = Symbol('DashboardFeed');
export const DASHBOARD_STATE = Symbol('DashboardStateReader');
