@echo off
rem Install the aitrain course from this kit, with no network, then check the computer with `aitrain doctor`.
rem Usage: install.bat [--path coded^|policy] [FOLDER]   FOLDER is where the course's Python environment goes
rem (default %USERPROFILE%\aitrain-env); --path (or AITRAIN_PATH) is the participant's path through the course: coded
rem (they write Python code) or policy (they read and decide, no code); asked when not given.
rem Needs Python @PYTHON@ (the "py" launcher from python.org, or python on the PATH).
rem Asks the participant's name (as on the trainer's list) and writes it into their copy of the notebooks;
rem set AITRAIN_NAME to give it without asking, AITRAIN_COURSE_DIR to put the copy elsewhere than %USERPROFILE%\aitrain-course.
setlocal
chcp 65001 >nul
set "KIT=%~dp0"
set "COURSE_PATH=%AITRAIN_PATH%"
if /i "%~1"=="--path" (
  set "COURSE_PATH=%~2"
  shift
  shift
)
set "ENV_DIR=%~1"
if "%COURSE_PATH%"=="" set /p "COURSE_PATH=Your path through the course: coded (you write Python code) or policy (you read and decide, no code) [coded]: "
if "%COURSE_PATH%"=="" set "COURSE_PATH=coded"
if /i not "%COURSE_PATH%"=="coded" if /i not "%COURSE_PATH%"=="policy" (
  echo There is no '%COURSE_PATH%' path through the course: give coded or policy.
  exit /b 1
)
if "%ENV_DIR%"=="" set "ENV_DIR=%USERPROFILE%\aitrain-env"
if not exist "%KIT%wheels\windows-amd64" (
  echo This kit was built without the packages for Windows ^(no folder wheels\windows-amd64^).
  exit /b 1
)
set "PY=python"
where py >nul 2>nul && set "PY=py -@PYTHON@"
%PY% -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '@PYTHON@'.split('.'))))" 2>nul
if errorlevel 1 (
  echo This kit needs Python @PYTHON@. Install it from the python.org installer, then run install.bat again.
  exit /b 1
)
echo Installing the course into %ENV_DIR% ^(no internet needed^) ...
%PY% -m venv "%ENV_DIR%" || exit /b 1
"%ENV_DIR%\Scripts\python.exe" -m pip install --quiet --no-index --find-links "%KIT%wheels\windows-amd64" aitrain || exit /b 1
set "NAME=%AITRAIN_NAME%"
if "%NAME%"=="" set /p "NAME=Your name as on your trainer's list (written into your notebooks; Enter to skip): "
set "NAMED="
if not "%NAME%"=="" set NAMED=--name "%NAME%"
set "COPY="
if not "%NAME%"=="" set "COPY=1"
if /i "%COURSE_PATH%"=="policy" set "COPY=1"
if defined COPY (
  if "%AITRAIN_COURSE_DIR%"=="" ("%ENV_DIR%\Scripts\aitrain.exe" lab --copy-only --path %COURSE_PATH% %NAMED%) else ("%ENV_DIR%\Scripts\aitrain.exe" lab --copy-only --path %COURSE_PATH% %NAMED% --dir "%AITRAIN_COURSE_DIR%")
)
"%ENV_DIR%\Scripts\aitrain.exe" doctor
echo Done. Open the course with: "%ENV_DIR%\Scripts\aitrain.exe" lab ^(the %COURSE_PATH% path^)
