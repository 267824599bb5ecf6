import { Route, Router } from '@solidjs/router';
import { CodePage } from './auth/CodePage';
import { ForgotPasswordPage } from './auth/ForgotPasswordPage';
import { LoginPage } from './auth/LoginPage';
import { HomePage } from './home/HomePage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { getSession } from './lib/session';

export function App() {
  return (
    <Router root={AppLayout}>
      <Route path="/" component={HomePage} preload={() => getSession()} />
      <Route path="/connexion" component={LoginPage} preload={() => getSession()} />
      <Route path="/connexion/code" component={CodePage} />
      <Route path="/mot-de-passe-oublie" component={ForgotPasswordPage} />
      <Route path="*404" component={NotFoundPage} />
    </Router>
  );
}
