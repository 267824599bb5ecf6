import { Route, Router } from '@solidjs/router';
import { CancelEmailChangePage } from './account/CancelEmailChangePage';
import { ConfirmEmailPage } from './account/ConfirmEmailPage';
import { MyAccountPage } from './account/MyAccountPage';
import { MyReferentsPage } from './account/MyReferentsPage';
import { VerifyMobilePage } from './account/VerifyMobilePage';
import { AccountPage } from './accounts/AccountPage';
import { AccountsSearchPage } from './accounts/AccountsSearchPage';
import { NewAccountPage } from './accounts/NewAccountPage';
import { CodePage } from './auth/CodePage';
import { ExpiredPasswordPage } from './auth/ExpiredPasswordPage';
import { ForgotPasswordPage } from './auth/ForgotPasswordPage';
import { LoginPage } from './auth/LoginPage';
import { NewPasswordPage } from './auth/NewPasswordPage';
import { getChallenge, getPasswordPolicy } from './auth/queries';
import { DesksTab } from './directory/DesksTab';
import { EstablishmentFrame } from './directory/EstablishmentFrame';
import { EstablishmentsPage } from './directory/EstablishmentsPage';
import { GeneralTab } from './directory/GeneralTab';
import { UnitPage } from './directory/UnitPage';
import { UnitsTab } from './directory/UnitsTab';
import { ReviewPage } from './habilitations/ReviewPage';
import { HomePage } from './home/HomePage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { getSession } from './lib/session';
import { RunReportPage } from './ror-sync/RunReportPage';
import { SyncPage } from './ror-sync/SyncPage';

export function App() {
  return (
    <Router root={AppLayout}>
      <Route path="/" component={HomePage} preload={() => getSession()} />
      <Route path="/connexion" component={LoginPage} preload={() => getSession()} />
      <Route path="/connexion/code" component={CodePage} preload={() => getChallenge()} />
      <Route
        path="/connexion/mot-de-passe-expire"
        component={ExpiredPasswordPage}
        preload={() => getPasswordPolicy()}
      />
      <Route path="/mot-de-passe-oublie" component={ForgotPasswordPage} />
      <Route path="/mot-de-passe/nouveau" component={NewPasswordPage} preload={() => getPasswordPolicy()} />
      <Route path="/mon-compte" component={MyAccountPage} preload={() => getSession()} />
      <Route path="/mon-compte/verifier-mobile" component={VerifyMobilePage} />
      <Route path="/mes-referents" component={MyReferentsPage} preload={() => getSession()} />
      <Route path="/confirmer-adresse" component={ConfirmEmailPage} />
      <Route path="/annuler-changement-adresse" component={CancelEmailChangePage} />
      <Route path="/comptes" component={AccountsSearchPage} preload={() => getSession()} />
      <Route path="/comptes/nouveau" component={NewAccountPage} preload={() => getSession()} />
      <Route path="/comptes/:id" component={AccountPage} preload={() => getSession()} />
      <Route path="/habilitations/revue" component={ReviewPage} preload={() => getSession()} />
      <Route path="/etablissements" component={EstablishmentsPage} preload={() => getSession()} />
      <Route path="/etablissements/:id" component={EstablishmentFrame} preload={() => getSession()}>
        <Route path="/" component={GeneralTab} />
        <Route path="/unites" component={UnitsTab} />
        <Route path="/unites/:unitId" component={UnitPage} />
        <Route path="/guichets" component={DesksTab} />
      </Route>
      <Route path="/synchronisation-ror" component={SyncPage} preload={() => getSession()} />
      <Route path="/synchronisation-ror/:runId" component={RunReportPage} preload={() => getSession()} />
      <Route path="*404" component={NotFoundPage} />
    </Router>
  );
}
