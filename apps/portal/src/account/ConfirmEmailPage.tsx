import { confirmEmailChange } from './actions';
import { TokenLinkPage } from './TokenLinkPage';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.confirmEmail;

/** The link mailed to a new address: confirming makes it the account's address. */
export function ConfirmEmailPage() {
  return (
    <TokenLinkPage
      texts={{ ...T, submit: T.confirm, submitting: T.confirming }}
      action={confirmEmailChange}
      intro={
        <>
          <p>{T.intro}</p>
          <p class="note">{T.notMine}</p>
        </>
      }
      done={(done) => (
        <>
          <p>{T.done(done.email)}</p>
          <p>{T.doneHelp(done.username)}</p>
        </>
      )}
    />
  );
}
