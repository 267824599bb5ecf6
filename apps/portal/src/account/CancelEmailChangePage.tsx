import { cancelEmailChange } from './actions';
import { TokenLinkPage } from './TokenLinkPage';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.cancelEmailChange;

/** The link mailed to the current address when someone else asked to replace it. */
export function CancelEmailChangePage() {
  return (
    <TokenLinkPage
      texts={{ ...T, submit: T.cancel, submitting: T.cancelling }}
      action={cancelEmailChange}
      intro={<p>{T.intro}</p>}
      done={() => (
        <>
          <p>{T.done}</p>
          <p>{T.doneHelp}</p>
        </>
      )}
    />
  );
}
